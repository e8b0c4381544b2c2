"""pulumi-azuread's groups, licences and invitations in a state are declared as their
Graph-layer twins: the twin's kind, id and properties, users still by object id.

The documents are in the shapes pulumi-azuread 6.x writes (its schema,
provider/cmd/pulumi-resource-azuread/schema.json; sdk/python/pulumi_azuread/group.py,
group_license.py, invitation.py): camelCase inputs and outputs, `/groups/{objectId}` ids,
`{groupObjectId}/license/{skuId}` licence ids, the guest's object id as `userId`.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tenantctl.drift.state import declared, index_state
from tenantctl.jobs.pulumi_cli import JobError

SPACE = "urn:pulumi:s::p::tenantctl:m365:TeamSpace::space-rh"
LICENCE = "urn:pulumi:s::p::tenantctl:m365:LicenceGroup::licence-e3"
GROUP, DYNAMIC_GROUP = (
    "0b5e3b2c-0000-4000-8000-000000000001",
    "0b5e3b2c-0000-4000-8000-00000000000d",
)
OWNER, MEMBER = "0b5e3b2c-0000-4000-8000-0000000000aa", "0b5e3b2c-0000-4000-8000-0000000000bb"
GUEST = "0b5e3b2c-0000-4000-8000-0000000000cc"
E3 = "6fd2c87f-b296-42f0-b197-1e91e994b900"
PLAN = "efb87545-963c-4e0d-99df-69c6916d9eb0"


def _azuread(
    type_: str, name: str, parent: str, id_: str, inputs: dict[str, Any], **outputs: Any
) -> dict[str, Any]:
    component = parent.split("::")[2]
    return {
        "urn": f"urn:pulumi:s::p::{component}${type_}::{name}",
        "custom": True,
        "type": type_,
        "id": id_,
        "inputs": {"__defaults": [], **inputs},
        "outputs": {**inputs, **outputs, "id": id_},
        "parent": parent,
        "provider": "urn:pulumi:s::p::pulumi:providers:azuread::default_6_11_1::x",
    }


@pytest.fixture
def state(tmp_path: Path) -> Path:
    group = _azuread(
        "azuread:index/group:Group",
        "space-rh-group",
        SPACE,
        f"/groups/{GROUP}",
        {
            "displayName": "Équipe RH — l'accueil",
            "mailNickname": "MTL-RH-equipe",
            "types": ["Unified"],
            "mailEnabled": True,
            "securityEnabled": False,
            "visibility": "Private",
            "owners": [OWNER],
            "members": [MEMBER, GUEST],
            "preventDuplicateNames": True,
        },
        objectId=GROUP,
        mail="MTL-RH-equipe@example.org",
    )
    dynamic = _azuread(
        "azuread:index/group:Group",
        "licence-e3-group",
        LICENCE,
        f"/groups/{DYNAMIC_GROUP}",
        {
            "displayName": "Licences E3",
            "description": "Agents of RH",
            "mailNickname": "MTL-LIC-e3",
            "types": ["DynamicMembership"],
            "mailEnabled": False,
            "securityEnabled": True,
            "owners": [],
            "dynamicMembership": {"enabled": True, "rule": 'user.department -eq "RH"'},
        },
        objectId=DYNAMIC_GROUP,
    )
    licence = _azuread(
        "azuread:index/groupLicense:GroupLicense",
        "licence-e3-licence",
        LICENCE,
        f"{DYNAMIC_GROUP}/license/{E3}",
        {"groupObjectId": DYNAMIC_GROUP, "skuId": E3, "disabledPlans": [PLAN]},
    )
    invitation = _azuread(
        "azuread:index/invitation:Invitation",
        "guest-port-jean",
        SPACE,
        GUEST,
        {
            "userEmailAddress": "jean.o'neil@port.example",
            "userDisplayName": "Jean O'Neil",
            "redirectUrl": "https://myapps.microsoft.com",
            "userType": "Guest",
        },
        userId=GUEST,
        redeemUrl="https://login.example/redeem",
    )
    user = _azuread("azuread:index/user:User", "someone", SPACE, OWNER, {"displayName": "x"})
    component = {"urn": SPACE, "custom": False, "type": "tenantctl:m365:TeamSpace"}
    resources = [component, group, dynamic, licence, invitation, user]
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"version": 3, "deployment": {"resources": resources}}))
    return path


def test_groups_licences_and_invitations_are_checked_other_azuread_kinds_are_not(
    state: Path,
) -> None:
    index = index_state(state)
    assert (index.count, index.skipped) == (4, 1)
    assert index.kinds == {"Group", "GroupLicence", "GuestInvitation"}
    assert index.group_ids == {GROUP, DYNAMIC_GROUP}
    assert index.prefixes == {"mtl-"}
    assert {OWNER, MEMBER, GUEST, f"{DYNAMIC_GROUP}/{E3}"} <= index.ids


def test_each_is_declared_as_its_graph_layer_twin(state: Path) -> None:
    group, dynamic, licence, invitation = declared(state)

    assert (group.kind, group.id, group.name, group.users) == (
        "Group",
        GROUP,
        "space-rh-group",
        ("owners", "members"),
    )
    assert group.inputs == {
        "display_name": "Équipe RH — l'accueil",
        "mail_nickname": "MTL-RH-equipe",
        "description": "",
        "kind": "unified",
        "visibility": "Private",
        "owners": [OWNER],
        "members": [MEMBER, GUEST],
    }
    assert dynamic.inputs == {
        "display_name": "Licences E3",
        "mail_nickname": "MTL-LIC-e3",
        "description": "Agents of RH",
        "kind": "security",
        "owners": [],
        "membership_rule": 'user.department -eq "RH"',
    }
    assert (licence.kind, licence.id, licence.inputs) == (
        "GroupLicence",
        f"{DYNAMIC_GROUP}/{E3}",
        {"group_id": DYNAMIC_GROUP, "sku": E3, "disabled_plans": [PLAN]},
    )
    assert (invitation.kind, invitation.id, invitation.component) == (
        "GuestInvitation",
        GUEST,
        "Team space rh",
    )
    assert invitation.inputs == {
        "email": "jean.o'neil@port.example",
        "display_name": "Jean O'Neil",
        "redirect_url": "https://myapps.microsoft.com",
    }


def test_a_misshapen_azuread_resource_is_one_error_naming_it_and_its_property(
    tmp_path: Path,
) -> None:
    group = _azuread(
        "azuread:index/group:Group",
        "space-rh-group",
        SPACE,
        f"/groups/{GROUP}",
        {"displayName": "RH", "mailNickname": "MTL-RH", "owners": OWNER},
        objectId=GROUP,
    )
    component = {"urn": SPACE, "custom": False, "type": "tenantctl:m365:TeamSpace"}
    path = tmp_path / "state.json"
    path.write_text(json.dumps({"deployment": {"resources": [component, group]}}))

    with pytest.raises(JobError) as raised:
        index_state(path)

    assert str(raised.value) == (
        f"{path}: deployment.resources[1] is not a Pulumi resource (inputs: 'owners' is a str, "
        "not a list); give --state the `pulumi stack export` of the stack"
    )
