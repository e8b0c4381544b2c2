"""Guests in a partner space's private channel, with the real engine against the local tenant:
the channel names each guest by the user id of their invitation (a guest's UPN is not their
e-mail), deploys, reads back unchanged, takes a further guest in place, and previews clean;
a guest where Teams refuses one stops the preview before anything reaches the tenant."""

from __future__ import annotations

from typing import Any

import pytest

from .demo_stack import DemoStack, TenantView

pytestmark = pytest.mark.engine

SPACE = "eau-potable"
OWNER = "julien.carrel@montaurel.fr"
AGENT = "romain.pelletier@montaurel.fr"
GUEST, SECOND_GUEST = "helene.brunel@eaux-lys.fr", "exploitation@eaux-lys.fr"
CHANNEL = "Suivi du contrat d’exploitation"  # noqa: RUF001 (Teams refuses the straight quote)


def water_space(document: dict[str, Any]) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in document["spaces"] if s["key"] == SPACE)
    return found


def with_private_channel(demo: DemoStack, members: list[str]) -> None:
    """The water space gets (or updates) a private channel with these members."""

    def edit(document: dict[str, Any]) -> None:
        channels = water_space(document)["channels"]
        channels[:] = [c for c in channels if c["name"] != CHANNEL]
        channels.append({"name": CHANNEL, "kind": "private", "owners": [OWNER], "members": members})

    demo.edit("spaces/partners.yaml", edit)


def roster(demo: DemoStack) -> dict[str, tuple[str, ...]]:
    """The private channel's members in the tenant: e-mail -> roles."""
    view = TenantView(demo.tenant)
    try:
        team = view.group(f"MTL-TECH-{SPACE}")["id"]
        channel = view.channels(team)[CHANNEL]["id"]
        return view.roster(f"teams/{team}/channels/{channel}/members")
    finally:
        view.close()


def test_a_guest_in_a_private_channel_deploys_and_a_second_one_is_added_in_place(
    demo: DemoStack,
) -> None:
    with_private_channel(demo, [AGENT, GUEST])
    demo.run("up", "--yes")
    assert roster(demo) == {OWNER: ("owner",), AGENT: (), GUEST: ("guest",)}
    demo.run("preview", "--expect-no-changes")
    assert demo.refresh_preview() == (0, {})  # the channel reads its guest back as given

    with_private_channel(demo, [AGENT, GUEST, SECOND_GUEST])
    assert demo.changes() == {
        ("Channel", "space-eau-potable-channel-suivi-du-contrat-d-exploitation"): "update"
    }
    demo.run("up", "--yes")
    assert roster(demo)[SECOND_GUEST] == ("guest",)
    demo.run("preview", "--expect-no-changes")


def test_a_guest_in_a_shared_channel_stops_the_preview_before_the_tenant(
    demo: DemoStack,
) -> None:
    def edit(document: dict[str, Any]) -> None:
        shared = next(c for c in water_space(document)["channels"] if c.get("kind") == "shared")
        shared["members"].append(GUEST)

    demo.edit("spaces/partners.yaml", edit)
    before = demo.tenant.admin.counters()
    result = demo.run("preview", expect_returncode=None)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert (
        "stacks/demo/data/spaces/partners.yaml" in output
        and f"guest '{GUEST}' cannot be in a shared channel" in output
    )
    assert "Traceback" not in output
    assert demo.tenant.admin.counters() == before
