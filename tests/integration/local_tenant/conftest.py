"""Helpers shared by the local tenant's integration tests."""

from __future__ import annotations

import pytest
from msgraph import GraphServiceClient
from msgraph.generated.models.group import Group

pytestmark = pytest.mark.integration


@pytest.fixture
async def user_ids(graph_client: GraphServiceClient) -> list[str]:
    """Ids of the seeded member users, in seed order."""
    page = await graph_client.users.get()
    assert page is not None and page.value
    return [u.id for u in page.value if u.id and "#EXT#" not in (u.user_principal_name or "")]


@pytest.fixture
async def unified_group(graph_client: GraphServiceClient, user_ids: list[str]) -> Group:
    """A Microsoft 365 group with two owners and two members."""
    owners = [f"https://graph.microsoft.com/v1.0/users/{u}" for u in user_ids[:2]]
    members = [f"https://graph.microsoft.com/v1.0/users/{u}" for u in user_ids[2:4]]
    group = await graph_client.groups.post(
        Group(
            display_name="Project Falcon",
            mail_enabled=True,
            mail_nickname="falcon",
            security_enabled=False,
            group_types=["Unified"],
            additional_data={"owners@odata.bind": owners, "members@odata.bind": members},
        )
    )
    assert group is not None
    return group
