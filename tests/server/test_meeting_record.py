"""A meeting's recordings in its record (``record.meeting``) and in its archive package:
a finished recording with the SHA-256 of its file, one left open by a crash shown as
incomplete, the files in the package and a tampered recording caught offline.

The rows are made by the domain functions the media relay calls, with small real files
in the data directory (the relay itself is tested in tests/integration)."""

from __future__ import annotations

import hashlib
import json
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from protocol import meetings as mm
from protocol import record as rm
from protocol.errors import Conflict, NotFound, PermissionDenied
from protocol.record import RecordingState
from server.domain import archive_package, media_recording
from server.domain.archive_package import verify_package
from server.domain.context import Actor
from server.domain.pki import Pki
from tests.conftest import fresh_database
from tests.harness import Domain


@dataclass
class World:
    domain: Domain
    meeting_id: int
    secret_meeting_id: int
    chair: Actor
    member: Actor
    outsider: Actor
    archivist: Actor
    #: recording id -> (path relative to the data dir, bytes written)
    files: dict[int, tuple[str, bytes]]
    package: Path
    ca_pem: bytes


def _start(domain: Domain, chair: Actor, mid: int, name: str, data: bytes) -> tuple[int, str]:
    relative = f"recordings/{mid}/{name}"
    path = domain.settings.data_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    rid, _events = domain.runner.run_sync(
        lambda s: media_recording.recording_started(s, chair, mid, relative)
    )
    return rid, relative


def _stop(domain: Domain, chair: Actor, rid: int, data: bytes) -> None:
    sha = hashlib.sha256(data).hexdigest()
    domain.runner.run_sync(
        lambda s: media_recording.recording_stopped(s, chair, rid, len(data), sha)
    )


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with fresh_database(tmp_path_factory.mktemp("db")) as url:
        domain = Domain(url, tmp_path_factory.mktemp("data"))
        sec = domain.user("thuky", ["secretariat"])
        chair = domain.user("chutich", ["chair"], full_name="Phạm Minh Chính")
        member = domain.user("botruong", ["member"])
        outsider = domain.user("khach", ["member"])
        archivist = domain.user("luutru", ["archivist"], clearance="thuong")
        mid = domain.meeting(sec, chair=chair, members=[member], start=True)
        secret = domain.meeting(sec, chair=chair, classification="mat", start=True)
        files: dict[int, tuple[str, bytes]] = {}
        # 1: recorded and stopped normally
        first = b"\x1a\x45\xdf\xa3 webm phien hop " * 200
        rid, rel = _start(domain, chair, mid, "20261201-080000.webm", first)
        _stop(domain, chair, rid, first)
        files[rid] = (rel, first)
        # 2: the server crashed while recording; the next start closes it without a hash
        crashed = b"\x1a\x45\xdf\xa3 cut short"
        rid, rel = _start(domain, chair, mid, "20261201-090000.webm", crashed)
        files[rid] = (rel, crashed)
        # 3: still open (no stop) when the meeting ends
        last = b"\x1a\x45\xdf\xa3 open " * 50
        rid, rel = _start(domain, chair, mid, "20261201-100000.webm", last)
        files[rid] = (rel, last)
        out = tmp_path_factory.mktemp("out") / "package.zip"
        yield World(
            domain, mid, secret, chair, member, outsider, archivist, files, out,
            Pki.open(domain.settings.pki_dir).ca_pem(),
        )  # fmt: skip
        domain.close()


@pytest.fixture(scope="module")
def ended(world: World) -> World:
    """The meeting ended and its package exported."""
    world.domain.do(world.chair, mm.MeetingTransition, meeting_id=world.meeting_id, action="end")
    world.domain.runner.run_sync(
        lambda s: archive_package.export(
            s, world.domain.settings, world.meeting_id, out=world.package
        )
    )
    return world


def _record(world: World, actor: Actor, mid: int | None = None) -> rm.MeetingRecord:
    return world.domain.do(actor, rm.RecordMeeting, meeting_id=mid or world.meeting_id)


def test_while_in_progress_the_open_recording_is_shown_as_recording(world: World) -> None:
    states = [r.state for r in _record(world, world.chair).recordings]
    assert states == [RecordingState.COMPLETE, RecordingState.INCOMPLETE, RecordingState.RECORDING]


def test_the_record_lists_each_recording_with_the_hash_of_its_file(ended: World) -> None:
    record = _record(ended, ended.archivist)
    assert record.meeting_id == ended.meeting_id and record.title
    done, crashed, open_ = record.recordings
    on_disk = (ended.domain.settings.data_dir / ended.files[done.id][0]).read_bytes()
    assert done.state == RecordingState.COMPLETE
    assert done.file_name == "20261201-080000.webm"
    assert done.sha256 == hashlib.sha256(on_disk).hexdigest() and done.size == len(on_disk)
    assert done.started_by == ended.chair.user_id and done.started_by_name == "Phạm Minh Chính"
    assert done.started_at.endswith("+07:00") and done.stopped_at is not None
    assert done.duration is not None and done.duration >= 0
    for interrupted in (crashed, open_):
        assert interrupted.state == RecordingState.INCOMPLETE
        assert interrupted.sha256 is None and interrupted.size is None
        assert interrupted.duration is None and interrupted.stopped_at is None
    assert [r.file_name for r in (crashed, open_)] == [
        "20261201-090000.webm",
        "20261201-100000.webm",
    ]


def test_who_may_read_the_record(ended: World) -> None:
    assert len(_record(ended, ended.member).recordings) == 3
    with pytest.raises(NotFound):
        _record(ended, ended.outsider)
    with pytest.raises(PermissionDenied, match="Mật"):
        _record(ended, ended.archivist, ended.secret_meeting_id)
    assert _record(ended, ended.chair, ended.secret_meeting_id).recordings == []


def test_the_package_holds_the_recordings_and_verifies(ended: World) -> None:
    with zipfile.ZipFile(ended.package) as zf:
        names = set(zf.namelist())
        manifest = zf.read("manifest-sha256.txt").decode()
        meta = json.loads(zf.read("metadata.json"))
        stored = {n: zf.read(n) for n in names if n.startswith("recordings/")}
    expected = {
        f"recordings/{rid}-{Path(rel).name}": data for rid, (rel, data) in ended.files.items()
    }
    assert stored == expected
    for name, data in expected.items():
        assert f"{hashlib.sha256(data).hexdigest()}  {name}" in manifest.splitlines()
    listed = {r["ten_tep"]: r for r in meta["ban_ghi_hinh"]}
    assert [r["trang_thai"] for r in meta["ban_ghi_hinh"]] == [
        "Hoàn tất",
        "Chưa hoàn tất",
        "Chưa hoàn tất",
    ]
    first = listed["20261201-080000.webm"]
    assert first["sha256"] == hashlib.sha256(expected[first["tep"]]).hexdigest()
    report = verify_package(ended.package, ended.ca_pem)
    assert report.ok, report.summary()
    assert sum("incomplete recording" in n for n in report.notes) == 2


def _rewrite(src: Path, dst: Path, change: Callable[[str, bytes], bytes | None]) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w") as zout:
        for name in zin.namelist():
            data = change(name, zin.read(name))
            if data is not None:
                zout.writestr(name, data)
    return dst


def test_a_tampered_recording_in_the_package_is_pinpointed(ended: World, tmp_path: Path) -> None:
    rid = min(ended.files)
    target = f"recordings/{rid}-{Path(ended.files[rid][0]).name}"

    def change(name: str, data: bytes) -> bytes:
        return data.replace(b"phien", b"PHIEN", 1) if name == target else data

    report = verify_package(_rewrite(ended.package, tmp_path / "p.zip", change))
    assert [f.code for f in report.findings] == [
        "package.file_changed",
        "package.recording_changed",
    ]
    assert all(target in f.message for f in report.findings)
    dropped = verify_package(
        _rewrite(ended.package, tmp_path / "q.zip", lambda n, d: None if n == target else d)
    )
    assert [f.code for f in dropped.findings] == [
        "package.file_missing",
        "package.recording_missing",
    ]


def test_a_recording_changed_on_disk_is_not_exported(ended: World) -> None:
    rid = min(ended.files)
    path = ended.domain.settings.data_dir / ended.files[rid][0]
    original = path.read_bytes()
    path.write_bytes(original + b"x")
    try:
        with pytest.raises(Conflict, match=r"20261201-080000\.webm was changed"):
            ended.domain.runner.run_sync(
                lambda s: archive_package.export(
                    s, ended.domain.settings, ended.meeting_id, out=ended.package.with_name("x.zip")
                )
            )
    finally:
        path.write_bytes(original)


def test_a_server_that_stopped_while_recording_closes_it_when_it_starts_again(
    domain: Domain,
) -> None:
    import msgspec

    from protocol import media as pm
    from protocol import state as st
    from server.domain import meetings as meeting_service
    from server.domain.access import access_of, get_meeting
    from server.domain.snapshot import build_view

    sec = domain.user("thuky", ["secretariat"])
    chair = domain.user("chutich", ["chair"])
    mid = domain.meeting(sec, chair=chair, start=True)
    rid, _ = _start(domain, chair, mid, "20261201-110000.webm", b"\x1a\x45\xdf\xa3 cut")

    def view() -> st.MeetingView:
        return domain.runner.run_sync(
            lambda s: build_view(s, access_of(s, chair, get_meeting(s, mid)))
        )

    before = view()
    assert before.recording is not None
    events = domain.runner.run_sync(meeting_service.startup)  # the server starts again
    stopped = [e for e in events if e.type == "media.recording_interrupted"]
    assert [e.meeting_id for e in stopped] == [mid]
    event = msgspec.json.decode(stopped[0].payload, type=pm.MediaRecordingInterrupted)
    assert event.recording_id == rid and event.file_name == "20261201-110000.webm"
    # An app that was there folds the event: its view no longer says "recording".
    assert st.apply(before, event).recording is None
    # Nobody is told the meeting is being recorded, by a snapshot or by the event log.
    assert view().recording is None
    [row] = domain.do(chair, rm.RecordMeeting, meeting_id=mid).recordings
    assert row.state == RecordingState.INCOMPLETE and not row.sha256
    # Started again, nothing more to close.
    assert not [e for e in domain.runner.run_sync(meeting_service.startup) if e.meeting_id == mid]
