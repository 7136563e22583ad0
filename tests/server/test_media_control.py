"""Chair controls, last-N and the active speaker, without sockets: the rules in
server/domain/media.py and media_selection.py, and the detector in the relay."""

from __future__ import annotations

from typing import Any

import pytest

from protocol import agenda as ag
from protocol import live as lv
from protocol import media as pm
from protocol import meetings as mm
from protocol.errors import NotFound, PermissionDenied
from server.domain import media as rules
from server.domain.context import MuteAllButSpeaker, SelectMedia
from server.domain.media_selection import Stage, forwarded_to
from server.transport.media.speakers import HOLD, SpeakerDetector
from tests.harness import Domain, cid


@pytest.fixture
def room(domain: Domain) -> dict[str, Any]:
    people: dict[str, Any] = {
        "sec": domain.user("thuky", ["secretariat"]),
        "chair": domain.user("chutoa", ["chair"]),
        "m1": domain.user("botruong1", ["member"]),
        "m2": domain.user("botruong2", ["member"]),
        "outsider": domain.user("nguoingoai", ["member"]),
    }
    mid = domain.meeting(
        people["sec"], chair=people["chair"], members=[people["m1"], people["m2"]], start=True
    )
    for who in ("chair", "m1", "m2"):
        domain.do(people[who], mm.MeetingJoin, meeting_id=mid)
    return {**people, "mid": mid}


def media_events(domain: Domain, mid: int) -> list[str]:
    return [t for _, t in domain.events(mid) if t in ("media.muted", "media.unmuted")]


def muted(domain: Domain, mid: int) -> frozenset[tuple[int, str]]:
    return domain.runner.run_sync(rules.muted_tracks, mid)


# --- chair controls -------------------------------------------------------------------


def test_the_chair_mutes_and_unmutes_a_participant(domain: Domain, room: dict[str, Any]) -> None:
    mid, m1 = room["mid"], room["m1"].user_id
    domain.do(room["chair"], pm.MediaMute, meeting_id=mid, user_id=m1, kind="audio")
    domain.do(room["chair"], pm.MediaMute, meeting_id=mid, user_id=m1, kind="audio")
    domain.do(room["chair"], pm.MediaMute, meeting_id=mid, user_id=m1, kind="video")
    assert muted(domain, mid) == {(m1, "audio"), (m1, "video")}
    assert media_events(domain, mid) == ["media.muted", "media.muted"], "muting twice: once"
    domain.do(room["chair"], pm.MediaUnmute, meeting_id=mid, user_id=m1, kind="video")
    assert muted(domain, mid) == {(m1, "audio")}


@pytest.mark.parametrize("command", [pm.MediaMute, pm.MediaUnmute])
def test_a_member_may_not_mute_or_unmute(
    domain: Domain, room: dict[str, Any], command: type[pm.MediaMute]
) -> None:
    mid, m1 = room["mid"], room["m1"].user_id
    with pytest.raises(PermissionDenied):
        domain.do(room["m2"], command, meeting_id=mid, user_id=m1, kind="audio")
    with pytest.raises(NotFound):
        domain.do(room["outsider"], command, meeting_id=mid, user_id=m1, kind="audio")
    assert media_events(domain, mid) == []


def test_mute_all_but_the_speaker(domain: Domain, room: dict[str, Any]) -> None:
    mid, m1, m2 = room["mid"], room["m1"].user_id, room["m2"].user_id
    ctx = domain.run(room["chair"], pm.MediaMuteAllButSpeaker(id=cid(), meeting_id=mid))
    assert ctx.effects == [MuteAllButSpeaker(mid)] and not ctx.events
    events = domain.runner.run_sync(rules.mute_all_but, room["chair"], mid, m2)
    assert [e.type for e in events] == ["media.muted"]
    assert muted(domain, mid) == {(m1, "audio")}, "the speaker and the chair keep their voice"
    assert domain.runner.run_sync(rules.mute_all_but, room["chair"], mid, m2) == []


def test_a_member_may_not_mute_all(domain: Domain, room: dict[str, Any]) -> None:
    mid = room["mid"]
    with pytest.raises(PermissionDenied):
        domain.run(room["m1"], pm.MediaMuteAllButSpeaker(id=cid(), meeting_id=mid))
    with pytest.raises(PermissionDenied):
        domain.runner.run_sync(rules.mute_all_but, room["m1"], mid, None)
    assert media_events(domain, mid) == []


def test_being_given_the_floor_unmutes_ones_audio(domain: Domain, room: dict[str, Any]) -> None:
    mid, m1 = room["mid"], room["m1"].user_id
    domain.do(room["chair"], pm.MediaMute, meeting_id=mid, user_id=m1, kind="audio")
    domain.do(room["chair"], pm.MediaMute, meeting_id=mid, user_id=m1, kind="video")
    request = domain.do(room["m1"], lv.FloorRequest, meeting_id=mid)
    domain.do(room["chair"], lv.FloorGrant, request_id=request["request_id"], seconds=60)
    assert muted(domain, mid) == {(m1, "video")}, "the voice comes back, the camera stays off"
    assert media_events(domain, mid)[-1] == "media.unmuted"


def test_the_floor_given_to_someone_not_muted_records_nothing(
    domain: Domain, room: dict[str, Any]
) -> None:
    mid = room["mid"]
    request = domain.do(room["m2"], lv.FloorRequest, meeting_id=mid)
    domain.do(room["chair"], lv.FloorGrant, request_id=request["request_id"], seconds=60)
    assert media_events(domain, mid) == []


def test_the_policy_names_the_presenter_of_the_current_item(
    domain: Domain, room: dict[str, Any]
) -> None:
    mid, m2 = room["mid"], room["m2"].user_id
    assert domain.runner.run_sync(rules.room_policy, mid).presenter is None
    item = domain.do(
        room["sec"], ag.AgendaAddItem, meeting_id=mid, title="Đề án", presenter_user_id=m2
    )
    domain.do(room["chair"], ag.AgendaSetCurrent, meeting_id=mid, item_id=item["item_id"])
    assert domain.runner.run_sync(rules.room_policy, mid).presenter == m2


def test_a_participant_turns_their_own_microphone_and_camera_off_and_on(
    domain: Domain, room: dict[str, Any]
) -> None:
    mid, m1 = room["mid"], room["m1"].user_id

    def policy() -> rules.RoomPolicy:
        return domain.runner.run_sync(rules.room_policy, mid)

    def self_mutes() -> list[str]:
        return [t for _, t in domain.events(mid) if t == "media.self_muted"]

    domain.do(room["m1"], pm.MediaSelfMute, meeting_id=mid, kind="audio", muted=True)
    domain.do(room["m1"], pm.MediaSelfMute, meeting_id=mid, kind="audio", muted=True)
    domain.do(room["m1"], pm.MediaSelfMute, meeting_id=mid, kind="video", muted=True)
    assert policy().self_muted == {(m1, "audio"), (m1, "video")}
    assert len(self_mutes()) == 2, "turning off twice is recorded once"
    # The relay forwards neither; the chair's mutes are a separate list.
    assert policy().silent == {(m1, "audio"), (m1, "video")} and not policy().muted
    domain.do(room["m1"], pm.MediaSelfMute, meeting_id=mid, kind="video", muted=False)
    assert policy().self_muted == {(m1, "audio")}
    # Turning one's microphone on does not lift the chair's mute.
    domain.do(room["chair"], pm.MediaMute, meeting_id=mid, user_id=m1, kind="audio")
    domain.do(room["m1"], pm.MediaSelfMute, meeting_id=mid, kind="audio", muted=False)
    assert policy().silent == {(m1, "audio")} and policy().self_muted == frozenset()


def test_only_an_attending_participant_says_their_microphone_is_off(
    domain: Domain, room: dict[str, Any]
) -> None:
    mid = room["mid"]
    with pytest.raises(NotFound):
        domain.do(room["outsider"], pm.MediaSelfMute, meeting_id=mid, kind="audio", muted=True)
    domain.do(room["m2"], mm.MeetingLeave, meeting_id=mid)
    with pytest.raises(PermissionDenied):
        domain.do(room["m2"], pm.MediaSelfMute, meeting_id=mid, kind="audio", muted=True)
    assert domain.runner.run_sync(rules.self_muted_tracks, mid) == frozenset()


def test_a_viewer_chooses_tiles_only_while_attending(domain: Domain, room: dict[str, Any]) -> None:
    mid, m1, m2 = room["mid"], room["m1"].user_id, room["m2"].user_id
    ctx = domain.run(room["m1"], pm.MediaSelect(id=cid(), meeting_id=mid, user_ids=[m2, m1, m2]))
    assert ctx.effects == [SelectMedia(mid, (m2,))] and not ctx.events
    with pytest.raises(NotFound):
        domain.run(room["outsider"], pm.MediaSelect(id=cid(), meeting_id=mid, user_ids=[m1]))
    domain.do(room["m2"], mm.MeetingLeave, meeting_id=mid)
    with pytest.raises(PermissionDenied):
        domain.run(room["m2"], pm.MediaSelect(id=cid(), meeting_id=mid, user_ids=[m1]))


# --- who receives what ----------------------------------------------------------------

BOTH = frozenset({"audio", "video"})


def stage(**kwargs: Any) -> Stage:
    return Stage(publishers={u: BOTH for u in range(1, 8)}, **kwargs)


def videos(tracks: set[tuple[int, str]]) -> set[int]:
    return {u for u, k in tracks if k == "video"}


def audios(tracks: set[tuple[int, str]]) -> set[int]:
    return {u for u, k in tracks if k == "audio"}


def test_audio_from_the_three_loudest_others() -> None:
    s = stage(ranking=[5, 1, 3, 2, 4])
    assert audios(forwarded_to(s, 1)) == {5, 3, 2}
    assert audios(forwarded_to(s, 7)) == {5, 1, 3}
    quiet = stage(ranking=[5, 1, 3, 2], muted=frozenset({(5, "audio")}))
    assert audios(forwarded_to(quiet, 7)) == {1, 3, 2}, "a muted voice reaches nobody"


def test_video_from_speaker_presenter_and_last_n() -> None:
    s = stage(speaker=4, presenter=6, recent=[4, 2, 7, 3], last_n=2)
    assert videos(forwarded_to(s, 1)) == {4, 6, 2, 7}
    assert videos(forwarded_to(s, 2)) == {4, 6, 7, 3}, "one's own video is never sent back"
    assert videos(forwarded_to(s, 1, chosen=(5, 3, 1))) == {4, 6, 5, 3}
    nobody_spoke = stage(last_n=3)
    assert videos(forwarded_to(nobody_spoke, 2)) == {1, 3, 4}
    off = stage(speaker=4, recent=[4, 2], last_n=1, muted=frozenset({(2, "video")}))
    assert videos(forwarded_to(off, 1)) == {4, 3}


def test_work_grows_with_participants_not_their_square() -> None:
    big = Stage(
        publishers={u: BOTH for u in range(1, 101)},
        ranking=list(range(1, 101)),
        speaker=1,
        recent=list(range(1, 30)),
    )
    for viewer in (1, 50, 100):
        tracks = forwarded_to(big, viewer)
        assert len(audios(tracks)) == 3 and len(videos(tracks)) <= 9


# --- the active speaker ---------------------------------------------------------------


def speak(detector: SpeakerDetector, levels: dict[int, int], start: float, seconds: float) -> float:
    """Feed 20 ms packets at these -dBov levels; returns the time reached."""
    now = start
    while now < start + seconds:
        for user_id, level in levels.items():
            detector.hear(user_id, level, now)
        detector.update(now)
        now += 0.02
    return now


def test_the_loudest_becomes_the_speaker_and_a_louder_one_takes_over() -> None:
    detector = SpeakerDetector()
    now = speak(detector, {1: 20, 2: 40, 3: 127}, 0.0, 1.0)
    assert detector.speaker == 1
    now = speak(detector, {1: 40, 2: 15, 3: 127}, now, 0.2)
    assert detector.speaker == 1, "a short burst does not move the speaker"
    now = speak(detector, {1: 40, 2: 15, 3: 127}, now, HOLD + 0.5)
    assert detector.speaker == 2
    assert detector.recent == [2, 1]
    assert detector.ranking(now)[:2] == [2, 1]


def test_silence_and_stale_publishers_do_not_speak() -> None:
    detector = SpeakerDetector()
    now = speak(detector, {1: 127, 2: 127}, 0.0, 1.0)
    assert detector.speaker is None
    now = speak(detector, {1: 30}, now, 1.0)
    assert detector.speaker == 1
    assert detector.loudness(2, now) == 0.0
    # 1 stops sending (muted): 2 speaks softly, and still takes over.
    now = speak(detector, {2: 60}, now, 1.0)
    assert detector.speaker == 2


def test_a_sound_during_the_speakers_pause_does_not_take_the_role() -> None:
    detector = SpeakerDetector()
    now = speak(detector, {1: 30, 2: 127}, 0.0, 1.0)
    assert detector.speaker == 1
    # 1 pauses between sentences while 2 coughs: 1 keeps the tile.
    now = speak(detector, {1: 127, 2: 20}, now, HOLD - 0.1)
    assert detector.speaker == 1
    now = speak(detector, {1: 30, 2: 127}, now, 1.0)
    assert detector.speaker == 1
    # 1 stops sending and 2 speaks on: 2 takes the tile once heard for HOLD.
    now = speak(detector, {2: 20}, now, 1.0)
    assert detector.speaker == 2
