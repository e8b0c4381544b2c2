"""Specification of the local tenant's Graph v1.0 schema reader: loading, body and path
checks, against the real metadata."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from local_tenant.schema.csdl import GraphSchema
from local_tenant.schema.model import GraphPathError, GraphSchemaError, ResolvedType
from local_tenant.schema.source import MetadataNotFoundError, load_schema
from tests.support.graph_schema import require_schema

USER_ID = "6e7b768e-07e2-4810-8459-485f84f8f204"
USER_URL = f"https://graph.microsoft.com/v1.0/users('{USER_ID}')"


@pytest.fixture
def schema(graph_schema: GraphSchema) -> GraphSchema:
    return graph_schema


def team_body() -> dict[str, Any]:
    """A POST /teams body as the toolkit renders it from a Teams template."""
    return {
        "template@odata.bind": "https://graph.microsoft.com/v1.0/teamsTemplates('standard')",
        "displayName": "Finance",
        "description": "Month-end close and budgets",
        "visibility": "private",
        "memberSettings": {
            "allowCreateUpdateChannels": False,
            "allowCreatePrivateChannels": False,
            "allowDeleteChannels": False,
            "allowAddRemoveApps": False,
            "allowCreateUpdateRemoveTabs": True,
            "allowCreateUpdateRemoveConnectors": False,
        },
        "guestSettings": {"allowCreateUpdateChannels": False, "allowDeleteChannels": False},
        "messagingSettings": {
            "allowUserEditMessages": True,
            "allowUserDeleteMessages": False,
            "allowOwnerDeleteMessages": True,
            "allowTeamMentions": True,
            "allowChannelMentions": True,
        },
        "funSettings": {
            "allowGiphy": True,
            "giphyContentRating": "strict",
            "allowStickersAndMemes": True,
            "allowCustomMemes": False,
        },
        "members": [
            {
                "@odata.type": "#microsoft.graph.aadUserConversationMember",
                "roles": ["owner"],
                "user@odata.bind": USER_URL,
            }
        ],
        "channels": [
            {"displayName": "Budgets", "isFavoriteByDefault": True},
            private_channel_body(),
        ],
    }


def private_channel_body() -> dict[str, Any]:
    return {
        "displayName": "Payroll",
        "description": "Owners only",
        "membershipType": "private",
        "members": [
            {
                "@odata.type": "#microsoft.graph.aadUserConversationMember",
                "user@odata.bind": USER_URL,
                "roles": ["owner"],
            }
        ],
    }


class TestLoading:
    def test_the_metadata_loads_once_and_quickly(self, schema: GraphSchema) -> None:
        started = time.perf_counter()
        again = load_schema()
        assert again is schema
        assert time.perf_counter() - started < 0.01

    def test_the_model_holds_the_types_the_toolkit_uses(self, schema: GraphSchema) -> None:
        team = schema.structured_types["microsoft.graph.team"]
        assert team.base_type == "microsoft.graph.entity"
        assert team.open_type
        assert schema.navigation("team")["channels"].contains_target
        assert "id" in schema.properties("microsoft.graph.team")
        assert schema.structured_types["microsoft.graph.conversationMember"].abstract
        assert schema.enum_types["microsoft.graph.channelMembershipType"].members >= {
            "standard",
            "private",
            "shared",
        }
        assert schema.enum_types["microsoft.graph.clonableTeamParts"].is_flags
        assert schema.entity_sets["teams"] == "microsoft.graph.team"
        assert schema.singletons["admin"] == "microsoft.graph.admin"

    def test_aliased_sub_namespaces_are_qualified(self, schema: GraphSchema) -> None:
        alert = schema.structured_types["microsoft.graph.security.alert"]
        assert alert.base_type == "microsoft.graph.entity"

    def test_missing_metadata_skips_locally(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("GRAPH_METADATA_DIR", str(tmp_path))
        monkeypatch.delenv("CI", raising=False)
        with pytest.raises(pytest.skip.Exception, match="set GRAPH_METADATA_DIR"):
            require_schema()

    def test_missing_metadata_fails_on_ci(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        monkeypatch.setenv("GRAPH_METADATA_DIR", str(tmp_path))
        monkeypatch.setenv("CI", "true")
        with pytest.raises(MetadataNotFoundError, match=str(tmp_path)):
            require_schema()


class TestValidBodies:
    def test_a_realistic_team_body(self, schema: GraphSchema) -> None:
        assert schema.check("team", team_body()) == []

    def test_type_names_may_carry_the_namespace(self, schema: GraphSchema) -> None:
        assert schema.check("microsoft.graph.team", team_body()) == []

    def test_a_group_create_body_binding_owners_and_members(self, schema: GraphSchema) -> None:
        body = {
            "displayName": "Finance",
            "mailNickname": "finance",
            "mailEnabled": True,
            "securityEnabled": False,
            "groupTypes": ["Unified"],
            "visibility": "Private",
            "owners@odata.bind": [USER_URL, "https://graph.microsoft.com/v1.0/users/u2"],
            "members@odata.bind": [USER_URL],
        }
        assert schema.check("group", body) == []

    def test_a_private_channel_with_members_and_roles(self, schema: GraphSchema) -> None:
        assert schema.check("channel", private_channel_body()) == []

    def test_sharepoint_settings_as_returned(self, schema: GraphSchema) -> None:
        body = {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#admin/sharepoint/settings/$entity",
            "allowedDomainGuidsForSyncApp": ["0b5e2b8e-5bde-4a62-9f3e-bd1c3a7b2f55"],
            "availableManagedPathsForSiteCreation": ["/sites/", "/teams/"],
            "deletedUserPersonalSiteRetentionPeriodInDays": 365,
            "excludedFileExtensionsForSyncApp": [".mp3"],
            "idleSessionSignOut": {
                "isEnabled": True,
                "warnAfterInSeconds": 3000,
                "signOutAfterInSeconds": 3600,
            },
            "imageTaggingOption": "basic",
            "isCommentingOnSitePagesEnabled": True,
            "isResharingByExternalUsersEnabled": False,
            "personalSiteDefaultStorageLimitInMB": 1048576,
            "sharingAllowedDomainList": ["contoso.com"],
            "sharingBlockedDomainList": [],
            "sharingCapability": "existingExternalUserSharingOnly",
            "sharingDomainRestrictionMode": "allowList",
            "siteCreationDefaultManagedPath": "/sites/",
            "siteCreationDefaultStorageLimitInMB": 26214400,
            "tenantDefaultTimezone": "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna",
        }
        assert schema.check("sharepointSettings", body) == []

    def test_a_cross_tenant_access_partner(self, schema: GraphSchema) -> None:
        allow_all_users = {
            "usersAndGroups": {
                "accessType": "allowed",
                "targets": [{"target": "AllUsers", "targetType": "user"}],
            },
            "applications": {
                "@odata.type": "microsoft.graph.crossTenantAccessPolicyTargetConfiguration",
                "accessType": "allowed",
                "targets": [{"target": "Office365", "targetType": "application"}],
            },
        }
        body = {
            "tenantId": "3d0f5dec-5d3d-455c-8016-e2af1ae4d31a",
            "isServiceProvider": False,
            "isInMultiTenantOrganization": False,
            "inboundTrust": {
                "isMfaAccepted": True,
                "isCompliantDeviceAccepted": False,
                "isHybridAzureADJoinedDeviceAccepted": False,
            },
            "automaticUserConsentSettings": {"inboundAllowed": None, "outboundAllowed": None},
            "b2bCollaborationInbound": allow_all_users,
            "b2bCollaborationOutbound": None,
            "b2bDirectConnectInbound": None,
            "b2bDirectConnectOutbound": None,
            "tenantRestrictions": None,
        }
        assert schema.check("crossTenantAccessPolicyConfigurationPartner", body) == []

    def test_a_subscribed_sku_collection_page(self, schema: GraphSchema) -> None:
        page = {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#subscribedSkus",
            "@odata.nextLink": "https://graph.microsoft.com/v1.0/subscribedSkus?$skiptoken=X",
            "value": [
                {
                    "accountName": "Contoso",
                    "accountId": "3d0f5dec-5d3d-455c-8016-e2af1ae4d31a",
                    "appliesTo": "User",
                    "capabilityStatus": "Enabled",
                    "consumedUnits": 14,
                    "id": "48a80680-7326-48cd-9935-b556b81d3a4e_c7df2760-2c81-4ef7-b578",
                    "prepaidUnits": {"enabled": 25, "suspended": 0, "warning": 0, "lockedOut": 0},
                    "servicePlans": [
                        {
                            "servicePlanId": "8c098270-9dd4-4350-9b30-ba4703f3b36b",
                            "servicePlanName": "ADALLOM_S_O365",
                            "provisioningStatus": "Success",
                            "appliesTo": "User",
                        }
                    ],
                    "skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df",
                    "skuPartNumber": "ENTERPRISEPREMIUM",
                    "subscriptionIds": ["f3a5a2c8-37f6-4a9f-a6b9-0a1fc09b3f38"],
                }
            ],
        }
        assert schema.check_collection("subscribedSku", page) == []

    def test_graph_instance_annotations_are_tolerated(self, schema: GraphSchema) -> None:
        body = {
            "@odata.etag": 'W/"1"',
            "@odata.id": "https://graph.microsoft.com/v2/tenant/directoryObjects/x",
            "@microsoft.graph.tips": "Use $select to choose only the properties your app needs.",
            "displayName": "Finance",
            "businessPhones@odata.type": "#Collection(String)",
        }
        assert schema.check("user", body) == []

    def test_a_group_delta_page_with_member_changes(self, schema: GraphSchema) -> None:
        page = {
            "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#groups",
            "@odata.deltaLink": "https://graph.microsoft.com/v1.0/groups/delta?$deltatoken=X",
            "value": [
                {
                    "id": "g1",
                    "displayName": "Finance",
                    "members@delta": [
                        {"@odata.type": "#microsoft.graph.user", "id": "u1"},
                        {
                            "@odata.type": "#microsoft.graph.user",
                            "id": "u2",
                            "@removed": {"reason": "deleted"},
                        },
                    ],
                },
                {"id": "g2", "@removed": {"reason": "changed"}},
            ],
        }
        assert schema.check_collection("group", page) == []

    def test_an_expanded_navigation_with_its_annotations(self, schema: GraphSchema) -> None:
        body = {
            "id": "g1",
            "members@odata.count": 1,
            "members@odata.nextLink": "https://graph.microsoft.com/v1.0/groups/g1/members?$skip=1",
            "members": [{"@odata.type": "#microsoft.graph.user", "id": "u1", "displayName": "Ada"}],
        }
        assert schema.check("group", body) == []

    def test_flags_enums_take_comma_separated_members(self, schema: GraphSchema) -> None:
        body = {"partsToClone": "apps,tabs,settings,channels", "visibility": "private"}
        assert schema.check_action_body("/teams/{id}/clone", body) == []

    def test_primitive_formats(self, schema: GraphSchema) -> None:
        assert schema.check("Edm.DateTimeOffset", "2024-05-01T08:30:00.1234567Z") == []
        assert schema.check("Edm.DateTimeOffset", "2024-05-01T08:30:00+02:00") == []
        assert schema.check("Edm.Date", "2024-02-29") == []
        assert schema.check("Edm.Duration", "P90D") == []
        assert schema.check("Edm.Duration", "PT1H30M") == []
        assert schema.check("Edm.Guid", USER_ID) == []
        assert schema.check("Edm.Binary", "aGVsbG8=") == []
        assert schema.check("Edm.Double", 1) == []
        assert schema.check("Collection(Edm.Int64)", [2**40]) == []


class TestViolations:
    def test_a_misspelt_property_names_the_likely_one(self, schema: GraphSchema) -> None:
        body = team_body()
        body["memberSettings"]["allowCreateUpdateChanels"] = True
        assert schema.check("team", body) == [
            "memberSettings.allowCreateUpdateChanels: not a property of"
            " microsoft.graph.teamMemberSettings (did you mean 'allowCreateUpdateChannels'?)"
        ]

    def test_a_misspelt_property_of_a_channel_in_a_team(self, schema: GraphSchema) -> None:
        body = team_body()
        body["channels"][0]["displayNmae"] = body["channels"][0].pop("displayName")
        assert schema.check("team", body) == [
            "channels[0].displayNmae: not a property of microsoft.graph.channel"
            " (did you mean 'displayName'?)"
        ]

    def test_open_types_accept_unknown_names_unless_strict(self, schema: GraphSchema) -> None:
        body = {"displayName": "Finance", "descripton": "typo", "extension_abc_costCentre": "7"}
        assert schema.check("team", body) == []
        assert schema.check("team", body, strict_open_types=True) == [
            "descripton: not a property of microsoft.graph.team (did you mean 'description'?)"
        ]

    def test_a_wrong_enum_value(self, schema: GraphSchema) -> None:
        body = team_body()
        body["channels"][1]["membershipType"] = "privat"
        assert schema.check("team", body) == [
            "channels[1].membershipType: 'privat' is not a member of"
            " microsoft.graph.channelMembershipType"
        ]

    def test_a_wrong_flags_member(self, schema: GraphSchema) -> None:
        body = {"partsToClone": "apps,tab", "visibility": "private"}
        assert schema.check_action_body("/teams/{id}/clone", body) == [
            "partsToClone: 'tab' is not a member of microsoft.graph.clonableTeamParts"
        ]

    @pytest.mark.parametrize(
        ("prop", "value", "expected"),
        [
            ("isArchived", "false", "'false' is not a valid Edm.Boolean"),
            ("displayName", 42, "42 is not a valid Edm.String"),
            ("createdDateTime", "2024-05-01", "'2024-05-01' is not a valid Edm.DateTimeOffset"),
            (
                "createdDateTime",
                "2024-13-01T00:00Z",
                "'2024-13-01T00:00Z' is not a valid Edm.DateTimeOffset",
            ),
            (
                "memberSettings",
                True,
                "expected an object (microsoft.graph.teamMemberSettings), got True",
            ),
            ("channels", {}, "expected an array (Collection(microsoft.graph.channel)), got {}"),
        ],
    )
    def test_wrong_primitive_types_on_a_team(
        self, schema: GraphSchema, prop: str, value: Any, expected: str
    ) -> None:
        assert schema.check("team", {prop: value}) == [f"{prop}: {expected}"]

    @pytest.mark.parametrize(
        ("type_name", "value"),
        [
            ("Edm.Int32", True),
            ("Edm.Int32", 2**31),
            ("Edm.Int64", 1.5),
            ("Edm.Double", False),
            ("Edm.Guid", "not-a-guid"),
            ("Edm.Duration", "90 days"),
            ("Edm.Date", "2023-02-29"),
            ("Edm.Binary", "not base64!"),
        ],
    )
    def test_wrong_primitive_values(self, schema: GraphSchema, type_name: str, value: Any) -> None:
        assert schema.check(type_name, value) == [f"$: {value!r} is not a valid {type_name}"]

    def test_null_where_not_nullable(self, schema: GraphSchema) -> None:
        assert schema.check("channel", {"displayName": None}) == ["displayName: must not be null"]

    def test_unknown_annotations(self, schema: GraphSchema) -> None:
        body = {
            "@odata.colour": "blue",
            "@contoso.note": "x",
            "displayName@odata.bind": USER_URL,
            "displayName@odata.whatever": 1,
            "descripton@odata.type": "#String",
        }
        assert schema.check("channel", body) == [
            "@odata.colour: unknown annotation",
            "@contoso.note: unknown annotation",
            "displayName@odata.bind: 'displayName' is not a navigation property of"
            " microsoft.graph.channel",
            "displayName@odata.whatever: unknown annotation",
            "descripton@odata.type: 'descripton' is not a property of microsoft.graph.channel",
        ]

    def test_binds_follow_the_navigation_cardinality(self, schema: GraphSchema) -> None:
        body = {"owners@odata.bind": "users/u1", "ownerz@odata.bind": ["users/u1"]}
        assert schema.check("group", body) == [
            "owners@odata.bind: expected an array of URLs, got 'users/u1'",
            "ownerz@odata.bind: 'ownerz' is not a navigation property of microsoft.graph.group",
        ]

    def test_a_member_without_a_concrete_type(self, schema: GraphSchema) -> None:
        body = private_channel_body()
        del body["members"][0]["@odata.type"]
        assert schema.check("channel", body) == [
            "members[0].@odata.type: microsoft.graph.conversationMember is abstract;"
            " name a concrete subtype",
            "members[0].user@odata.bind: 'user' is not a navigation property of"
            " microsoft.graph.conversationMember",
        ]

    @pytest.mark.parametrize(
        ("odata_type", "expected"),
        [
            (
                "#microsoft.graph.aadUserConversationMembr",
                "'#microsoft.graph.aadUserConversationMembr' is not a type in the Graph v1.0"
                " schema",
            ),
            (
                "#microsoft.graph.user",
                "microsoft.graph.user is not microsoft.graph.conversationMember or a subtype of it",
            ),
            (42, "42 is not a type name"),
        ],
    )
    def test_a_bad_odata_type(self, schema: GraphSchema, odata_type: Any, expected: str) -> None:
        body = private_channel_body()
        body["members"][0]["@odata.type"] = odata_type
        assert schema.check("channel", body) == [f"members[0].@odata.type: {expected}"]

    def test_context_labels_every_violation(self, schema: GraphSchema) -> None:
        violations = schema.check("channel", {"isArchived": 1}, context="template standard")
        assert violations == ["template standard: isArchived: 1 is not a valid Edm.Boolean"]

    def test_delta_annotations_on_the_wrong_member(self, schema: GraphSchema) -> None:
        body = {"id": "g1", "@removed": {"reason": "gone"}, "owner@delta": []}
        assert schema.check("group", body) == [
            "@removed: expected {'reason': 'changed' or 'deleted'}, got {'reason': 'gone'}",
            "owner@delta: 'owner' is not a collection-valued navigation property of"
            " microsoft.graph.group",
        ]

    def test_a_collection_page_with_a_bad_item_and_key(self, schema: GraphSchema) -> None:
        page = {"value": [{"skuId": "x"}], "@odata.nextlink": "https://example/next"}
        assert schema.check_collection("subscribedSku", page) == [
            "value[0].skuId: 'x' is not a valid Edm.Guid",
            "@odata.nextlink: not allowed in a collection response",
        ]

    def test_a_collection_page_needs_value(self, schema: GraphSchema) -> None:
        assert schema.check_collection("subscribedSku", {"values": []}) == ["$: missing 'value'"]

    def test_an_unknown_type_name_raises(self, schema: GraphSchema) -> None:
        with pytest.raises(GraphSchemaError, match="'teem' is not a type"):
            schema.check("teem", {})


class TestPaths:
    @pytest.mark.parametrize(
        ("path", "type_name", "is_collection"),
        [
            ("/groups", "group", True),
            ("/groups/{id}", "group", False),
            ("/groups('{id}')", "group", False),
            ("/groups/{id}/team/channels/{id}/members", "conversationMember", True),
            ("/admin/sharepoint/settings", "sharepointSettings", False),
            (
                "/policies/crossTenantAccessPolicy/partners/{tenantId}",
                "crossTenantAccessPolicyConfigurationPartner",
                False,
            ),
            ("/organization", "organization", True),
            ("/groups/{id}/members/microsoft.graph.user", "user", True),
            ("/groups/$count", "Edm.Int32", False),
            ("/groups/delta()", "group", True),
            ("/groups/delta?$select=displayName", "group", True),
            ("/teams/{id}/operations/{id}", "teamsAsyncOperation", False),
            ("/reports/getOffice365ActiveUserDetail(period='D7')", "Edm.Stream", False),
            ("/reports/getOffice365ActiveUserDetail(date=2024-05-01)", "Edm.Stream", False),
            ("/users/ada@contoso.com/displayName", "Edm.String", False),
            ("subscribedSkus", "subscribedSku", True),
            ("/sites/contoso.sharepoint.com:/sites/finance", "site", False),
            ("/sites/contoso.sharepoint.com:/sites/finance:/lists", "list", True),
            ("/drives/{id}/root:/Budgets/2027.xlsx:/content", "Edm.Stream", False),
        ],
    )
    def test_resolves(
        self, schema: GraphSchema, path: str, type_name: str, is_collection: bool
    ) -> None:
        qualified = type_name if type_name.startswith("Edm.") else f"microsoft.graph.{type_name}"
        assert schema.type_for_path(path) == ResolvedType(qualified, is_collection)

    def test_ref_has_no_body_type(self, schema: GraphSchema) -> None:
        assert schema.type_for_path("/groups/{id}/owners/$ref") is None

    def test_actions_carry_their_parameters(self, schema: GraphSchema) -> None:
        resolved = schema.type_for_path("/groups/{id}/assignLicense")
        assert resolved is not None and resolved.is_action
        assert resolved.type_name == "microsoft.graph.group"
        assert resolved.parameter_names == ("addLicenses", "removeLicenses")

    def test_an_action_without_a_result(self, schema: GraphSchema) -> None:
        resolved = schema.type_for_path("/teams/{id}/archive")
        assert resolved == ResolvedType(None, is_collection=False)
        assert resolved.is_action
        assert resolved.parameter_names == ("shouldSetSpoSiteReadOnlyForMembers",)

    def test_functions_are_not_actions(self, schema: GraphSchema) -> None:
        resolved = schema.type_for_path("/groups/delta()")
        assert resolved is not None and not resolved.is_action

    @pytest.mark.parametrize(
        ("path", "message"),
        [
            ("/groupz", "'groupz' is not an entity set or singleton"),
            ("/teams/{id}/chanels", "'chanels' is not a property, navigation property"),
            ("/teams/{id}/archive/x", "nothing may follow an action"),
            ("/groups/{id}/members/microsoft.graph.team", "cannot cast"),
            ("/groups/{id}/owners/$ref/x", "nothing may follow \\$ref"),
            ("/reports/getOffice365ActiveUserDetail", "no overload"),
            ("/groups/{id}/displayName/x", "cannot navigate into Edm.String"),
        ],
    )
    def test_unknown_segments_raise(self, schema: GraphSchema, path: str, message: str) -> None:
        with pytest.raises(GraphPathError, match=message):
            schema.type_for_path(path)


class TestActionBodies:
    def test_assign_license(self, schema: GraphSchema) -> None:
        body = {
            "addLicenses": [{"skuId": "c7df2760-2c81-4ef7-b578-5b5392b571df", "disabledPlans": []}],
            "removeLicenses": [],
        }
        assert schema.check_action_body("/groups/{id}/assignLicense", body) == []

    def test_archive(self, schema: GraphSchema) -> None:
        body = {"shouldSetSpoSiteReadOnlyForMembers": True}
        assert schema.check_action_body("/teams/{id}/archive", body) == []

    def test_violations(self, schema: GraphSchema) -> None:
        body = {"addLicense": [], "removeLicenses": None}
        assert schema.check_action_body("/groups/{id}/assignLicense", body) == [
            "addLicense: not a parameter of microsoft.graph.assignLicense"
            " (did you mean 'addLicenses'?)",
            "removeLicenses: must not be null",
        ]

    def test_a_path_not_ending_in_an_action_raises(self, schema: GraphSchema) -> None:
        with pytest.raises(GraphPathError, match="does not end in a bound action"):
            schema.check_action_body("/groups/delta()", {})
