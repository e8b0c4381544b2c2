"""The benchmarks' scale-out: a copied team space has fresh ids and key, the same people."""

from __future__ import annotations

import base64
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))

from scale_out import Renamer, Space, copies

GROUP = "03896e35-7aad-4394-82ac-6c682ed9aad2"
USER = "d7cfd155-067c-4ef6-a642-145bfe853384"
CHANNEL = "19:9a5f76adaa47791181b8c5a82d521458@thread.tacv2"


def _membership(parent: str, user: str) -> str:
    return base64.urlsafe_b64encode(f"0#{parent}#{user}".encode()).decode().rstrip("=")


def space(key: str = "space-00010", group: str = GROUP) -> Space:
    return Space(
        key,
        resources=[],
        rows=[
            ("group", group, None, {"id": group, "mailNickname": f"OAB-{key}"}),
            ("grouplinks", group, group, {"members": [USER]}),
            ("channel", CHANNEL, group, {"id": CHANNEL}),
            ("channelmember", _membership(CHANNEL, USER), CHANNEL, {"userId": USER}),
        ],
    )


def test_a_copy_gets_new_object_ids_and_keeps_its_people() -> None:
    renamer = Renamer(space(), 1)

    group = renamer.text(GROUP)
    channel = renamer.text(CHANNEL)

    assert group != GROUP and channel != CHANNEL
    assert channel.startswith("19:") and channel.endswith("@thread.tacv2")
    assert renamer.value({"members": [USER], "team_id": GROUP}) == {
        "members": [USER],
        "team_id": group,
    }


def test_a_copy_has_its_own_key_in_names_urls_and_urns() -> None:
    renamer = Renamer(space(), 2)

    assert renamer.text("OAB-space-00010") == "OAB-space-00010-c002"
    assert renamer.text("https://contoso.sharepoint.com/sites/OAB-space-00010") == (
        "https://contoso.sharepoint.com/sites/OAB-space-00010-c002"
    )
    assert renamer.text("urn:pulumi:bench::p::T::space-space-00010-team") == (
        "urn:pulumi:bench::p::T::space-space-00010-c002-team"
    )
    assert renamer.text("OAB-space-000101") == "OAB-space-000101"


def test_membership_ids_are_re_encoded_with_the_copy_s_ids() -> None:
    renamer = Renamer(space(), 1)

    copied = renamer.text(_membership(CHANNEL, USER))

    assert copied == _membership(renamer.text(CHANNEL), USER)


def test_membership_ids_of_a_team_whose_id_starts_with_a_letter_are_re_encoded_too() -> None:
    team = "f06903d0-74c6-4cca-8140-059587e44d82"
    renamer = Renamer(space(group=team), 1)

    assert renamer.text(_membership(team, USER)) == _membership(renamer.text(team), USER)


def test_the_pickled_provider_is_left_as_it_is() -> None:
    renamer = Renamer(space(), 1)

    assert renamer.value({"__provider": GROUP}) == {"__provider": GROUP}


def test_copies_continue_round_robin_from_those_already_made() -> None:
    deployed = [space("space-00001"), space("space-00002")]

    first = [(s.key, r.new_key) for s, r in copies(deployed, have=2, wanted=5)]
    more = [(s.key, r.new_key) for s, r in copies(deployed, have=5, wanted=6)]

    assert first == [
        ("space-00001", "space-00001-c001"),
        ("space-00002", "space-00002-c001"),
        ("space-00001", "space-00001-c002"),
    ]
    assert more == [("space-00002", "space-00002-c002")]
