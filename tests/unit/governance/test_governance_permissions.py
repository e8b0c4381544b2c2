"""`tenantctl permissions STACK`: the permissions of the kinds the stack's description plans."""

from __future__ import annotations

from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.governance.permissions import stack_kinds
from tenantctl.stacks import load_stack

DEMO_KINDS = [
    "Channel",
    "CrossTenantPartner",
    "Group",
    "GroupDirectorySettings",
    "GroupLicence",
    "GuestInvitation",
    "SiteSharing",
    "Team",
    "TeamMember",
    "TeamSettings",
    "TenantGroupSettings",
    "TenantSharingSettings",
]


def test_the_demo_stack_plans_these_kinds_whichever_the_group_provider() -> None:
    demo = load_stack("demo").tenant

    assert stack_kinds(demo, "graph") == DEMO_KINDS
    assert stack_kinds(demo, "azuread") == DEMO_KINDS


def test_permissions_of_a_stack_are_those_of_its_kinds() -> None:
    runner = CliRunner()

    of_stack = runner.invoke(main, ["permissions", "demo", "--group-provider", "graph"])
    of_kinds = runner.invoke(main, ["permissions", *DEMO_KINDS])

    assert of_stack.exit_code == 0, of_stack.output
    assert of_stack.output == of_kinds.output
    assert of_stack.output.split() == [
        "Group.ReadWrite.All",
        "GroupSettings.ReadWrite.All",
        "LicenseAssignment.ReadWrite.All",
        "Policy.ReadWrite.CrossTenantAccess",
        "SharePoint:Sites.FullControl.All",
        "SharePointTenantSettings.ReadWrite.All",
        "Sites.Read.All",
        "User.Invite.All",
        "User.ReadWrite.All",
    ]


def test_a_stack_without_partners_needs_no_invitation_or_cross_tenant_permission() -> None:
    demo = load_stack("demo").tenant
    spaces = tuple(s for s in demo.spaces if s.kind.value != "partner")
    alone = demo.model_copy(update={"partners": (), "spaces": spaces})

    kinds = stack_kinds(alone, "graph")

    assert "GuestInvitation" not in kinds
    assert "CrossTenantPartner" not in kinds


def test_a_name_that_is_neither_a_kind_nor_a_stack_is_refused() -> None:
    result = CliRunner().invoke(main, ["permissions", "nope"])

    assert result.exit_code == 2
    assert "unknown kinds nope" in result.output
