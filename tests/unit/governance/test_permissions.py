"""`tenantctl permissions STACK`: the permissions of the kinds the stack's description plans."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.components.directory import GroupProvider
from tenantctl.governance.permissions import JOB_READS, read_permission, stack_kinds, stack_reads
from tenantctl.m365.permissions import granted_by, read_only
from tenantctl.resources.registry import SPECS
from tenantctl.stack.project import load_stack

DEMO_KINDS = [
    "AdministrativeUnit",
    "AdministrativeUnitScopedRole",
    "Channel",
    "ConditionalAccessPolicy",
    "CrossTenantPartner",
    "Group",
    "GroupDirectorySettings",
    "GroupLicence",
    "GroupLifecyclePolicy",
    "GroupLifecyclePolicyGroup",
    "GuestAccessReview",
    "GuestInvitation",
    "MailboxSettings",
    "SiteSharing",
    "Team",
    "TeamArchive",
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
    # the lifecycle policy's Directory.ReadWrite.All grants the group, group settings and
    # licence writes; conditional access writes take three permissions together
    assert of_stack.output.split() == [
        "AccessReview.ReadWrite.All",
        "AdministrativeUnit.ReadWrite.All",
        "Application.Read.All",
        "ChannelMember.ReadWrite.All",
        "Directory.ReadWrite.All",
        "MailboxSettings.ReadWrite",
        "Policy.Read.All",
        "Policy.ReadWrite.ConditionalAccess",
        "Policy.ReadWrite.CrossTenantAccess",
        "RoleManagement.ReadWrite.Directory",
        "SharePoint:Sites.FullControl.All",
        "SharePointTenantSettings.ReadWrite.All",
        "Sites.Read.All",
        "TeamMember.ReadWrite.All",
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


DEMO_READS_WITH_GRAPH = [
    "AccessReview.Read.All",
    "AdministrativeUnit.Read.All",
    "Channel.ReadBasic.All",
    "ChannelMember.Read.All",
    "Directory.Read.All",  # the group lifecycle policy's read
    "GroupMember.Read.All",
    "GroupSettings.Read.All",
    "LicenseAssignment.Read.All",
    "MailboxSettings.Read",
    "Policy.Read.All",
    "RoleManagement.Read.Directory",
    "SharePointTenantSettings.Read.All",
    "Sites.Read.All",
    "Team.ReadBasic.All",
    "TeamMember.Read.All",
    "User.Read.All",
]


@pytest.mark.parametrize(
    ("provider", "expected"),
    [
        ("graph", DEMO_READS_WITH_GRAPH),
        # pulumi-azuread reads its groups with Group.Read.All (its get_group data source),
        # which grants the GroupMember.Read.All of drift's delta round
        (
            "azuread",
            sorted({*DEMO_READS_WITH_GRAPH, "Group.Read.All"} - {"GroupMember.Read.All"}),
        ),
    ],
)
def test_the_read_set_of_the_demo_stack_is_read_only_for_either_group_provider(
    provider: GroupProvider, expected: list[str]
) -> None:
    result = CliRunner().invoke(
        main, ["permissions", "demo", "--read", "--group-provider", provider]
    )

    assert result.exit_code == 0, result.output
    assert result.stdout.split() == expected
    assert all(read_only(p) for p in expected)
    assert "SiteSharing is not read by a read-only identity" in result.stderr


def test_the_read_set_covers_every_read_of_every_kind_and_of_the_jobs() -> None:
    demo = load_stack("demo").tenant
    found = stack_reads(demo, "graph")
    reads = {p for kind in DEMO_KINDS for p in SPECS[kind].reads if read_only(p)} | set(JOB_READS)

    granted = set(found.permissions) | {n for p in found.permissions for n in granted_by(p)}
    assert reads <= granted


def test_the_city_stacks_read_set_is_read_only_and_smaller_than_its_write_set() -> None:
    city = load_stack("city_metropolis").tenant
    for provider in ("graph", "azuread"):
        found = stack_reads(city, provider)  # type: ignore[arg-type]
        assert all(read_only(p) for p in found.permissions)
        assert "User.Read.All" in found.permissions
        assert not {"Group.ReadWrite.All", "Sites.FullControl.All"} & set(found.permissions)
        assert found.unreadable == {"SiteSharing": ["SharePoint:Sites.FullControl.All"]}


def test_the_read_only_commands_read_mailbox_settings_for_the_migration_report() -> None:
    result = CliRunner().invoke(main, ["permissions", "--read"])

    assert result.exit_code == 0, result.output
    assert {"MailboxSettings.Read", "Reports.Read.All", "User.Read.All"} <= set(
        result.output.split()
    )
    url = "https://graph.microsoft.com/v1.0/users/42/mailboxSettings?$select=timeZone"
    assert read_permission(url) == "MailboxSettings.Read"
