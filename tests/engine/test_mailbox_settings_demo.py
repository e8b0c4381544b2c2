"""The demo's mailbox settings under the engine: created with the stack (agents licensed in the
same `up` are pending until Exchange makes their mailbox), changed by an edit, a user's
settings changed by hand found by drift and repaired by `pulumi up --refresh`."""

from __future__ import annotations

from typing import Any

import pytest

from .demo_stack import DemoStack, TenantView, run_drift

pytestmark = pytest.mark.engine

SETTINGS = "mailbox-settings-commune"


def outputs(demo: DemoStack, name: str) -> dict[str, Any]:
    found = next(r for r in demo.state_resources() if r["urn"].endswith(f"::{name}"))
    return dict(found.get("outputs") or {})


def mailbox(demo: DemoStack, upn: str) -> dict[str, Any]:
    return dict(demo.tenant.admin.graph("GET", f"/users/{upn}/mailboxSettings"))


def agents(demo: DemoStack, code: str) -> list[str]:
    view = TenantView(demo.tenant)
    try:
        group = view.group(f"mtl-{code.lower()}-agents")
        return sorted(view.upns(f"groups/{group['id']}/members"))
    finally:
        view.close()


def test_mailbox_settings_are_applied_changed_and_repaired(demo: DemoStack) -> None:
    demo.tenant.admin.set_behaviour(mailbox_provision_s=0)
    demo.run("up", "--yes")
    demo.run("up", "--yes", "--refresh")  # the agents licensed by the first up

    assert demo.changes() == {}
    first = outputs(demo, SETTINGS)
    assert first["differing"] == "" and first["users"] > 0
    office, field = agents(demo, "DRH")[0], agents(demo, "TECH")[0]
    drh = mailbox(demo, office)
    assert (drh["language"]["locale"], drh["timeZone"], drh["timeFormat"]) == (
        "fr-FR",
        "Romance Standard Time",
        "HH:mm",
    )
    assert drh["workingHours"]["startTime"].startswith("08:30")
    if field not in outputs(demo, "mailbox-settings-tech")["pending"]:
        assert mailbox(demo, field)["workingHours"]["startTime"].startswith("07:00")

    def later_format(doc: dict[str, Any]) -> None:
        doc["mailbox_settings"][0]["time_format"] = "H:mm"

    demo.edit("mailboxes.yaml", later_format)
    assert demo.changes() == {  # the technical services inherit the commune's format
        ("MailboxSettings", SETTINGS): "update",
        ("MailboxSettings", "mailbox-settings-tech"): "update",
    }
    demo.run("up", "--yes")
    assert mailbox(demo, office)["timeFormat"] == "H:mm"

    demo.tenant.admin.graph(
        "PATCH", f"/users/{office}/mailboxSettings", {"timeZone": "Pacific Standard Time"}
    )
    drift = run_drift(demo)
    assert drift.drifted == {(SETTINGS, "differing")}
    finding = next(f for f in drift.report["drift"] if f["object"] == SETTINGS)
    assert f"{office.lower()} (time_zone)" in finding["live"]

    demo.run("up", "--yes", "--refresh")

    assert mailbox(demo, office)["timeZone"] == "Romance Standard Time"
    demo.run("preview", "--expect-no-changes")
    assert run_drift(demo).drifted == set()
