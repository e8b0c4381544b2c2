"""The governance policy pack (policy/) under the real engine, on the demo stack and the
local tenant: the demo passes, a description that opens a site to anyone is stopped before
anything is applied, the stack's governance file and `--policy-pack-config` are honoured,
and a team cannot be deleted unless its space allows it."""

from __future__ import annotations

import json
from typing import Any

import pytest
import yaml

from .conftest import ROOT
from .demo_stack import DemoStack

pytestmark = pytest.mark.engine

POLICY_PACK = str(ROOT / "policy")
PACK_NAME = "tenantctl-governance"


def open_to_anyone(document: dict[str, Any]) -> None:
    document["tenant"]["sharing_ceiling"] = "anyone"


def partner_site_to_anyone(document: dict[str, Any]) -> None:
    document["spaces"][0]["site"]["sharing"] = "anyone"


def share_with_anyone(demo: DemoStack, governance: str | None = None) -> None:
    """Open the tenant and the partner space's site to anyone; GOVERNANCE, the stack's file."""
    demo.edit("tenant.yaml", open_to_anyone)
    demo.edit("spaces/partners.yaml", partner_site_to_anyone)
    if governance is not None:
        (demo.directory / "stacks" / "demo" / "governance.yaml").write_text(governance)


def test_the_demo_stack_passes_the_pack(demo: DemoStack) -> None:
    result = demo.run("preview", "--policy-pack", POLICY_PACK)

    assert f"✅ {PACK_NAME}@v0.0.1 (local: {POLICY_PACK})" in result.stdout
    assert "[mandatory]" not in result.stdout
    assert "[advisory]" not in result.stdout


def test_a_site_open_to_anyone_stops_the_update_before_anything_is_applied(
    demo: DemoStack,
) -> None:
    share_with_anyone(demo)

    blocked = demo.run("up", "--yes", "--policy-pack", POLICY_PACK, expect_returncode=None)

    assert blocked.returncode != 0
    output = blocked.stdout
    assert "[mandatory]  sharing-no-anyone" in output
    assert (
        "space-eau-potable-site: sharing 'anyone' lets people open links without signing in "
        "(fix: use 'existing_guests' or 'guests': partners' guests sign in)"
    ) in output
    assert "[mandatory]  sharing-tenant-ceiling" in output
    assert [r["urn"] for r in demo.state_resources() if "tenantctl" in r["type"]] == []


def test_the_stack_governance_file_switches_rules_off(demo: DemoStack) -> None:
    share_with_anyone(
        demo,
        "rules:\n"
        "  sharing-no-anyone: {enabled: false}\n"
        "  sharing-tenant-ceiling: {ceiling: anyone}\n",
    )

    result = demo.run("preview", "--policy-pack", POLICY_PACK)

    assert "sharing-no-anyone" not in result.stdout
    assert "sharing-tenant-ceiling" not in result.stdout


def test_levels_come_from_the_generated_policy_pack_config(demo: DemoStack) -> None:
    share_with_anyone(
        demo,
        "rules:\n"
        "  sharing-no-anyone: {level: advisory}\n"
        "  sharing-tenant-ceiling: {level: advisory}\n",
    )
    config = demo.directory / "governance.json"
    generated = demo.tenantctl("check", "demo", "--policy-config")
    assert generated.returncode == 0, generated.stderr
    config.write_text(generated.stdout)
    assert json.loads(generated.stdout)["sharing-no-anyone"]["enforcementLevel"] == "advisory"

    result = demo.run("preview", "--policy-pack", POLICY_PACK, "--policy-pack-config", str(config))

    assert "[advisory]  sharing-no-anyone" in result.stdout
    assert "[mandatory]" not in result.stdout


def test_a_team_is_only_deleted_once_its_space_allows_it(demo: DemoStack) -> None:
    inter = yaml.safe_load((demo.data / "spaces/inter.yaml").read_text(encoding="utf-8"))
    school = inter["spaces"][0]
    demo.run("up", "--yes", "--policy-pack", POLICY_PACK)

    def without_school(document: dict[str, Any]) -> None:
        document["spaces"] = []

    demo.edit("spaces/inter.yaml", without_school)
    refused = demo.run("preview", expect_returncode=None)

    assert refused.returncode != 0
    assert "space-renovation-ecole-team" in refused.stdout
    assert "cannot be deleted" in refused.stdout
    assert "because it is protected" in refused.stdout

    def allowed(document: dict[str, Any]) -> None:
        document["spaces"] = [{**school, "allow_destroy": True}]

    demo.edit("spaces/inter.yaml", allowed)
    demo.run("up", "--yes", "--policy-pack", POLICY_PACK)
    demo.edit("spaces/inter.yaml", without_school)

    planned = demo.changes()

    assert planned[("Team", "space-renovation-ecole-team")] == "delete"
    assert planned[("Group", "space-renovation-ecole-group")] == "delete"
