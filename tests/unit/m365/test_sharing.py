"""Sharing levels: one order, and every spelling Graph and SharePoint use read back as ours."""

from __future__ import annotations

import pytest

from local_tenant.sharepoint_admin.models import CAPABILITIES
from local_tenant.sites.models import SHARING_CAPABILITIES
from tenantctl.m365.sharing import GRAPH, LEVELS, SHAREPOINT, SharingLevel, level, rank

# SharePoint's SharingCapabilities names (Set-SPOSite -SharingCapability), by our level.
POWERSHELL = {
    "disabled": "Disabled",
    "existing_guests": "ExistingExternalUserSharingOnly",
    "guests": "ExternalUserSharingOnly",
    "anyone": "ExternalUserAndGuestSharing",
}


def test_levels_run_from_closed_to_open() -> None:
    assert LEVELS == ("disabled", "existing_guests", "guests", "anyone")
    assert [member.rank for member in SharingLevel] == [0, 1, 2, 3]
    assert [rank(name) for name in LEVELS] == [0, 1, 2, 3]


def test_every_level_has_one_graph_and_one_sharepoint_spelling() -> None:
    assert set(GRAPH) == set(SHAREPOINT) == set(LEVELS)
    assert len(set(GRAPH.values())) == len(set(SHAREPOINT.values())) == len(LEVELS)


@pytest.mark.parametrize("name", LEVELS)
def test_each_spelling_reads_back_as_the_level(name: str) -> None:
    for spelled in (name, GRAPH[name], SHAREPOINT[name], str(SHAREPOINT[name]), POWERSHELL[name]):
        assert level(spelled) == name, spelled
    assert level(f"  {GRAPH[name].upper()} ") == name


def test_an_unknown_level_is_kept_and_ranks_above_anyone() -> None:
    assert level(" Everyone ") == "everyone"
    assert rank("everyone") > rank("anyone")
    assert rank(None) == rank("") == rank("disabled") == 0


def test_the_local_tenant_spells_and_orders_levels_as_graph_and_sharepoint_do() -> None:
    assert SHARING_CAPABILITIES == (
        "disabled",
        "existingExternalUserSharingOnly",
        "externalUserSharingOnly",
        "externalUserAndGuestSharing",
    )
    assert CAPABILITIES == {
        0: "disabled",
        1: "externalUserSharingOnly",
        2: "externalUserAndGuestSharing",
        3: "existingExternalUserSharingOnly",
    }
