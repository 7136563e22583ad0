"""docs/protocol.md lists every message and error, so it cannot silently go stale."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path
from types import ModuleType

import pytest

from protocol.envelope import codec
from protocol.permissions import GLOBAL, MEETING

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "protocol.md"
REGENERATE = "docs/protocol.md is stale: run `python docs/gen_protocol.py --write`"


def _generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_protocol", ROOT / "docs" / "gen_protocol.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gen = _generator()


@pytest.fixture(scope="module")
def doc() -> str:
    return DOC.read_text("utf-8")


@pytest.mark.parametrize("name", sorted(codec().command_types))
def test_every_command_is_documented(doc: str, name: str) -> None:
    assert f"| `{name}` |" in doc, f"command {name} missing: {REGENERATE}"


@pytest.mark.parametrize("name", sorted(codec().event_types))
def test_every_event_is_documented(doc: str, name: str) -> None:
    assert f"| `{name}` |" in doc, f"event {name} missing: {REGENERATE}"


@pytest.mark.parametrize("code", sorted(gen.error_classes()))
def test_every_error_code_is_documented(doc: str, code: str) -> None:
    assert f"| `{code}` |" in doc, f"error {code} missing: {REGENERATE}"


def test_generated_tables_are_current(doc: str) -> None:
    assert gen.render_doc(doc) == doc, REGENERATE


def test_every_command_says_what_it_needs() -> None:
    assert set(gen.PERMISSIONS) == set(codec().command_types), (
        "add the new command's permission to PERMISSIONS in docs/gen_protocol.py"
    )


def test_permissions_named_in_the_doc_exist() -> None:
    named = {p for needs in gen.PERMISSIONS.values() for p in re.findall(r"`([^`]+)`", needs)}
    assert named <= set(MEETING) | set(GLOBAL)


def test_documented_audiences_are_events() -> None:
    assert set(gen.AUDIENCE) <= set(codec().event_types)


def test_every_error_code_has_an_explanation() -> None:
    assert set(gen.ERRORS) == set(gen.error_classes())


def test_frames_and_rules_are_described(doc: str) -> None:
    for frame in ("ack", "error", "event", "snapshot", "synced", "notice"):
        assert f"| `{frame}` |" in doc
    for word in ("since_seq", "epoch", "audience", "command.id_reused", "fingerprint"):
        assert word in doc
