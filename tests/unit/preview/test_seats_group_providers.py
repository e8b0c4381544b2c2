"""preview-report says the same of a preview whichever the stack's `groupProvider`: the
fixtures' previews (Graph layer) rewritten as `groupProvider: azuread` previews them, their
groups, licences and invitations as pulumi-azuread 6.x's steps (tests/support/azuread_state.py
gives the shapes), list the same risks and the same seat costs."""

from __future__ import annotations

import json
import uuid
from pathlib import Path
from typing import Any

import pytest

from tenantctl.jobs.urns import name_of
from tenantctl.preview.cli import build_report
from tenantctl.preview.plan import parse
from tenantctl.preview.render import as_json
from tests.support.azuread_state import preview_as_azuread

FIXTURES = Path(__file__).parent / "fixtures"
SKUS = json.loads((FIXTURES / "subscribed_skus.json").read_text())["value"]


class _ObjectIds(dict[str, str]):
    """Users' object ids as pulumi-azuread's `get_user` finds them (one per name)."""

    def __missing__(self, upn: str) -> str:
        return str(uuid.uuid5(uuid.NAMESPACE_URL, upn))


def _said(preview: dict[str, Any]) -> dict[str, Any]:
    """The report's verdict, risks and licence lines, each named by its resource's name."""
    report = as_json(build_report("local", parse(preview), SKUS))
    risks = [
        (r["category"], r["component"], name_of(r["urn"]), r["op"], r["reason"])
        for r in report["risks"]
    ]
    licences = [{**item, "urn": name_of(item["urn"])} for item in report["licences"]]
    return {"risky": report["risky"], "risks": risks, "licences": licences}


@pytest.mark.parametrize("case", ["changes", "new_stack", "licence_seats"])
def test_the_same_risks_and_seat_costs_with_either_provider(case: str) -> None:
    graph = json.loads((FIXTURES / f"{case}.json").read_text())
    azuread = preview_as_azuread(graph, _ObjectIds())
    assert "azuread:index/" in json.dumps(azuread)

    by_graph, by_azuread = _said(graph), _said(azuread)

    assert by_graph["licences"] and by_graph["risky"]
    assert by_azuread == by_graph


def test_an_outside_guest_and_plans_re_enabled_are_risky_with_azuread() -> None:
    new_stack = preview_as_azuread(
        json.loads((FIXTURES / "new_stack.json").read_text()), _ObjectIds()
    )
    changes = preview_as_azuread(json.loads((FIXTURES / "changes.json").read_text()), _ObjectIds())

    guests = [r for r in _said(new_stack)["risks"] if r[0] == "guests"]
    licences = [r for r in _said(changes)["risks"] if r[0] == "licences"]

    assert (
        "guests",
        "Partner syndicat-eaux",
        "partner-syndicat-eaux-guest-helene-brunel-eaux-lys-fr",
        "create",
        "invites helene.brunel@eaux-lys.fr as a guest",
    ) in guests
    assert licences == [
        (
            "licences",
            "Licence group f1-terrain",
            "licence-f1-terrain-licence",
            "update",
            "update SPE_F1; 297/300 seats used; plans re-enabled: SWAY",
        )
    ]
