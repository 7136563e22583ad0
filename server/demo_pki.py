"""Demo keys and images: the organisation CA, its TSA, signature images, the red seal.

* :func:`signature_png` — a blue, transparent, handwritten-looking signature (a looped
  pen stroke with varying pressure and a flourish), different for each name.
* :func:`seal_png` — the organisation's red round seal, about 40 mm across at 300 dpi
  (the PNG says 300 dpi, so it can be placed at real size), the organisation's name in
  capitals around the rim and a star in the middle.
* :func:`ensure_demo_pki` — creates the CA (and TSA, record keys) and stores the images
  for the demo users who sign and for the seal, unless they exist.  Idempotent.
"""

from __future__ import annotations

import hashlib
import io
import itertools
import math
import random
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw, ImageFont

from server.domain import certificates
from server.domain.context import Actor
from server.domain.pki import Pki
from server.domain.runner import Runner

FONTS = Path(__file__).resolve().parents[1] / "resources" / "fonts"
BLUE = (18, 46, 168)
RED = (213, 25, 32)
SEAL_DPI = 300
SEAL_MM = 40.0
#: Who gets a demo signature image (they sign minutes, decisions, ballots).
SIGNERS = ("chutri", "bokhdt", "botc", "dongnai", "thutruong", "thuky", "quantri")


def _png(image: Image.Image, dpi: int | None = None) -> bytes:
    out = io.BytesIO()
    if dpi:
        image.save(out, "PNG", optimize=True, dpi=(dpi, dpi))
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def signature_png(full_name: str, *, width: int = 600, height: int = 240) -> bytes:
    """A blue pen signature on a transparent background, seeded by ``full_name``."""
    rng = random.Random(hashlib.sha256(full_name.encode()).digest())
    scale = 3  # draw large, shrink: smooth edges
    w, h = width * scale, height * scale
    canvas = Image.new("RGBA", (w, h), (0, 0, 0, 0))
    draw = ImageDraw.Draw(canvas)
    loops = rng.randint(4, 7)
    amplitude = h * rng.uniform(0.16, 0.24)
    radius = h * rng.uniform(0.09, 0.15)
    slant = rng.uniform(0.25, 0.45)
    wave = rng.uniform(1.2, 1.6)
    sizes = [rng.uniform(0.6, 1.4) for _ in range(loops + 2)]  # one per loop: letter heights
    points: list[tuple[float, float, float]] = []
    steps = 900
    for i in range(steps):
        t = i / (steps - 1)
        angle = t * loops * 2 * math.pi
        k = t * loops
        j = min(int(k), loops)
        size = sizes[j] + (sizes[j + 1] - sizes[j]) * (k - j)  # smooth between loops
        x = w * (0.08 + 0.74 * t) + radius * math.cos(angle + math.pi) * 0.9
        y = h * 0.48 - 0.6 * amplitude * math.sin(t * math.pi * wave)
        y += radius * size * math.sin(angle) * (1.2 - 0.5 * t)
        x += (h * 0.5 - y) * slant
        pressure = 0.55 + 0.45 * math.sin(t * math.pi) ** 0.6
        points.append((x, y, pressure))
    # the flourish: a sweep back under the name
    start_x, start_y, _ = points[-1]
    for i in range(1, 200):
        t = i / 199
        x = start_x - t * w * 0.6 + math.sin(t * math.pi) * w * 0.04
        y = start_y + math.sin(t * math.pi * 0.9) * h * 0.22 + t * h * 0.04
        points.append((x, y, 0.85 - 0.5 * t))
    pen = 5.5 * scale
    for (x0, y0, p0), (x1, y1, p1) in itertools.pairwise(points):
        width_px = max(1, round(pen * (p0 + p1) / 2))
        draw.line((x0, y0, x1, y1), fill=(*BLUE, 255), width=width_px)
        r = width_px / 2
        draw.ellipse((x1 - r, y1 - r, x1 + r, y1 + r), fill=(*BLUE, 255))
    return _png(canvas.resize((width, height), Image.Resampling.LANCZOS))


def _star(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    inner = outer * 0.382
    return [
        (
            cx + (outer if k % 2 == 0 else inner) * math.sin(k * math.pi / 5),
            cy - (outer if k % 2 == 0 else inner) * math.cos(k * math.pi / 5),
        )
        for k in range(10)
    ]


def seal_png(organisation: str, *, diameter_mm: float = SEAL_MM, dpi: int = SEAL_DPI) -> bytes:
    """The red round seal, ``diameter_mm`` across at ``dpi`` (transparent outside)."""
    size = round(diameter_mm / 25.4 * dpi)
    scale = 2
    s = size * scale
    image = Image.new("RGBA", (s, s), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    c = s / 2
    ink = (*RED, 255)
    outer_w = s * 0.028
    draw.ellipse(
        (outer_w / 2, outer_w / 2, s - outer_w / 2, s - outer_w / 2),
        outline=ink,
        width=round(outer_w),
    )
    inner_r = s * 0.33
    draw.ellipse(
        (c - inner_r, c - inner_r, c + inner_r, c + inner_r), outline=ink, width=round(s * 0.01)
    )
    draw.polygon(_star(c, c, s * 0.2), fill=ink)
    # the name around the rim, upright letters facing outwards, centred at the top
    text = organisation.upper()
    font = ImageFont.truetype(str(FONTS / "DejaVuSans-Bold.ttf"), round(s * 0.085))
    text_r = s * 0.385
    widths = [font.getlength(ch) for ch in text]
    spacing = s * 0.004
    total = sum(widths) + spacing * (len(text) - 1)
    arc = min(total / text_r, math.radians(320))
    squeeze = arc / (total / text_r)
    angle = -arc / 2
    for ch, width in zip(text, widths, strict=True):
        step = (width + spacing) / text_r * squeeze
        mid = angle + (width / text_r * squeeze) / 2
        glyph = Image.new("RGBA", (round(s * 0.2), round(s * 0.2)), (0, 0, 0, 0))
        ImageDraw.Draw(glyph).text(
            (glyph.width / 2, glyph.height / 2), ch, font=font, fill=ink, anchor="mm"
        )
        glyph = glyph.rotate(-math.degrees(mid), resample=Image.Resampling.BICUBIC)
        x = c + text_r * math.sin(mid) - glyph.width / 2
        y = c - text_r * math.cos(mid) - glyph.height / 2
        image.alpha_composite(glyph, (round(x), round(y)))
        angle += step
    return _png(image.resize((size, size), Image.Resampling.LANCZOS), dpi)


def ensure_demo_pki(runner: Runner, people: dict[str, Actor], organisation: str) -> str:
    """The CA, TSA and record key of the demo, and the images; returns a summary line."""
    pki = Pki.open(runner.settings.pki_dir, organisation)
    pki.tsa()
    pki.record_key()

    def images(session: Any) -> int:
        added = 0
        for username in SIGNERS:
            actor = people.get(username)
            if actor and certificates.signature_image(session, actor.user_id) is None:
                png = signature_png(actor.full_name)
                certificates.set_signature_image(session, actor.user_id, png)
                added += 1
        if certificates.seal_image(session) is None and "vanthu" in people:
            certificates.set_seal_image(
                session,
                seal_png(pki.organisation),
                organisation=pki.organisation,
                by=people["vanthu"].user_id,
            )
            added += 1
        return added

    added = runner.run_sync(images)
    from server.domain.pki import fingerprint

    return (
        f"CA {pki.organisation}: fingerprint {fingerprint(pki.ca_certificate)}; "
        f"{added} image(s) added"
    )


#: Demo users who get a key and certificate made for them, and of which kind.
DEMO_KEYS = (
    *((username, "signing") for username in SIGNERS),
    ("vanthu", "seal"),
)


def demo_key_files(runner: Runner, people: dict[str, Actor], passphrase: str) -> int:
    """Demo only: keys and certificates for the demo users, as PKCS#12 files under
    ``data_dir/demo-keys/<user>/<kind>.p12`` protected by ``passphrase``.

    In a deployment each user's key is made on their own machine (the app's "My
    certificate"); the demo launcher copies these files to the local key folder so that
    signing works at once.  Returns how many were made (existing files are kept)."""
    from cryptography import x509 as cx509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    from server.store.models import Unit, User

    pki = Pki.open(runner.settings.pki_dir)
    folder = runner.settings.data_dir / "demo-keys"
    made = 0
    for username, kind in DEMO_KEYS:
        actor = people.get(username)
        target = folder / username / f"{kind}.p12"
        if actor is None or target.exists():
            continue
        key = ec.generate_private_key(ec.SECP256R1())
        csr = (
            cx509.CertificateSigningRequestBuilder()
            .subject_name(cx509.Name([cx509.NameAttribute(NameOID.COMMON_NAME, actor.full_name)]))
            .sign(key, hashes.SHA256())
            .public_bytes(serialization.Encoding.PEM)
        )

        def issue(session: Any, csr: bytes = csr, kind: str = kind, actor: Actor = actor) -> Any:
            if kind == "seal":
                cert = pki.issue_seal(csr, organisation=pki.organisation)
            else:
                user = session.get(User, actor.user_id)
                unit = session.get(Unit, user.unit_id) if user.unit_id else None
                cert = pki.issue_user(
                    csr,
                    full_name=actor.full_name,
                    position=user.position_title or "",
                    unit=unit.name if unit is not None else "",
                    email=f"{actor.username}@chinhphu.vn",
                )
            certificates.record(session, cert, kind=kind, user_id=actor.user_id)
            return cert

        cert = runner.run_sync(issue)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(
            pkcs12.serialize_key_and_certificates(
                actor.username.encode(),
                key,
                cert,
                [pki.ca_certificate],
                serialization.BestAvailableEncryption(passphrase.encode()),
            )
        )
        made += 1
    return made
