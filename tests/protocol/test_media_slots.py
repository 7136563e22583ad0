"""The mapping of a viewer's slots that the relay sends in ``media.slots_changed``."""

from __future__ import annotations

import pytest

from protocol import media as pm


def test_a_mapping_survives_the_notice_text() -> None:
    mapping: dict[str, int | None] = {"0": 12, "1": None, "10": 5}
    ref = pm.slot_ref(7, mapping)
    assert ref == "7|0=12;1=;10=5"
    assert pm.parse_slot_ref(ref) == (7, mapping)
    assert pm.parse_slot_ref(pm.slot_ref(0, {})) == (0, {})


@pytest.mark.parametrize("ref", [None, "", "x|0=1", "3|0=one", "3|=4", "3|0", "3|0=1;;2=x"])
def test_a_malformed_mapping_is_a_typed_error(ref: str | None) -> None:
    with pytest.raises(pm.BadSlotMapping):
        pm.parse_slot_ref(ref)


def test_a_slot_start_survives_the_notice_text() -> None:
    ref = pm.start_ref(7, "3", 4294967295)
    assert ref == "7|3=4294967295"
    assert pm.parse_start_ref(ref) == (7, "3", 4294967295)


@pytest.mark.parametrize("ref", [None, "7|3=", "7|3=1;4=2", "7|3=4294967296", "7|", "x|3=1"])
def test_a_malformed_slot_start_is_a_typed_error(ref: str | None) -> None:
    with pytest.raises(pm.BadSlotMapping):
        pm.parse_start_ref(ref)
