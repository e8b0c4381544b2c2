"""Licence write-back keeps the description valid: a frontline-only group takes frontline
agents only."""

from __future__ import annotations

from stacks.demo import describe
from tenantctl.reports.licences import Recommendation
from tenantctl.reports.snapshot import DirectoryUser
from tenantctl.reports.writeback import plan_change


def downgrade(upn: str) -> Recommendation:
    return Recommendation(
        kind="downgrade",
        upn=upn,
        display_name=upn,
        sku="SPE_E3",
        target="SPE_F1",
        yearly_effect=-200.0,
        reason="web and mobile only",
        group="DEMO-LIC-e3-bureaux",
    )


def test_a_named_office_agent_is_not_moved_into_a_frontline_only_group() -> None:
    tenant = describe().tenant
    nadia = "nadia.kessler@montaurel.fr"
    user = DirectoryUser(nadia, nadia, "Nadia Kessler", "DRH - Carrières et paie", ())

    change = plan_change(tenant, [user], [downgrade(nadia)])

    assert change.join == {}
    assert change.people == {}
    assert change.skipped == [
        f"{nadia}: f1-terrain licenses frontline agents only; mark them 'frontline: true' "
        "under 'people' if they are one, then run this again"
    ]


def test_an_unnamed_agent_moved_there_is_named_as_a_frontline_agent() -> None:
    tenant = describe().tenant
    agent = "agent.drh.0042@montaurel.fr"
    user = DirectoryUser(agent, agent, "Agent DRH 0042", "DRH - Formation", ())

    change = plan_change(tenant, [user], [downgrade(agent)])

    assert change.join == {"f1-terrain": [agent]}
    assert change.people[agent]["frontline"] is True
