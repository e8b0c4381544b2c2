"""Sharing rules: only partner spaces share, never anonymously, only with partners' domains."""

from __future__ import annotations

from typing import Any

from tenantctl.governance import PlannedResource, evaluate
from tests.unit.governance.conftest import messages, small_tenant, space, subject_of, with_resource


def test_the_small_tenant_breaks_no_rule() -> None:
    assert evaluate(subject_of(small_tenant())) == []


def test_a_site_shared_with_anyone_is_refused() -> None:
    def anyone(data: dict[str, Any]) -> None:
        data["tenant"]["sharing_ceiling"] = "anyone"
        space(data, "port-logistique")["site"]["sharing"] = "anyone"

    found = messages(subject_of(small_tenant(anyone)), "sharing-no-anyone")

    assert found == [
        "tenant-sharing: sharing 'anyone' lets people open links without signing in",
        "space-port-logistique-site: sharing 'anyone' lets people open links without signing in",
    ]


def test_tenant_sharing_above_the_configured_ceiling_is_refused() -> None:
    def anyone(data: dict[str, Any]) -> None:
        data["tenant"]["sharing_ceiling"] = "anyone"

    found = messages(subject_of(small_tenant(anyone)), "sharing-tenant-ceiling")

    assert found == ["tenant-sharing: tenant sharing 'anyone' is above the baseline 'guests'"]


def test_resharing_by_guests_is_refused() -> None:
    def resharing(data: dict[str, Any]) -> None:
        data["tenant"]["resharing_by_external_users"] = True

    found = messages(subject_of(small_tenant(resharing)), "sharing-no-resharing")

    assert found == ["tenant-sharing: guests may share items they do not own"]


def test_external_sharing_of_an_intra_space_is_refused() -> None:
    def shared(data: dict[str, Any]) -> None:
        space(data, "drh-equipe")["site"] = {"sharing": "existing_guests"}

    found = messages(subject_of(small_tenant(shared)), "sharing-partner-spaces-only")

    assert found == [
        "space-drh-equipe-site: site shared externally ('existing_guests') outside a partner space"
    ]


def test_guest_access_to_a_group_outside_partner_spaces_is_refused() -> None:
    subject = subject_of(small_tenant())
    hand_written = PlannedResource(
        "GroupDirectorySettings",
        "drh-guests",
        {"allow_to_add_guests": True},
        component="TeamSpace",
        component_name="space-drh-equipe",
    )

    found = messages(with_resource(subject, hand_written), "sharing-partner-spaces-only")

    assert found == ["drh-guests: guests may be added to the group outside a partner space"]


def test_sharing_with_a_domain_no_partner_owns_is_refused() -> None:
    subject = subject_of(small_tenant())
    tenant_wide = PlannedResource(
        "TenantSharingSettings",
        "extra-sharing",
        {"sharing": "guests", "allowed_domains": ["port-test.fr", "gmail.com"]},
    )

    found = messages(with_resource(subject, tenant_wide), "sharing-partner-domains")

    assert found == [
        "extra-sharing: domain 'gmail.com' may be shared with but belongs to no partner"
    ]


def test_external_sharing_open_to_every_domain_is_refused() -> None:
    def no_partners(data: dict[str, Any]) -> None:
        data["partners"] = []
        partner_space = space(data, "port-logistique")
        partner_space.update(partners=[], guests=[], channels=[])

    found = messages(subject_of(small_tenant(no_partners)), "sharing-partner-domains")

    assert found == ["tenant-sharing: external sharing is open to every domain"]


def test_a_guest_from_outside_the_partners_domains_is_refused() -> None:
    subject = subject_of(small_tenant())
    invitation = PlannedResource(
        "Invitation", "stray-guest", {"user_email_address": "someone@gmail.com"}
    )

    found = messages(with_resource(subject, invitation), "sharing-partner-domains")

    assert found == ["stray-guest: guest 'someone@gmail.com' is not from a partner's domain"]
