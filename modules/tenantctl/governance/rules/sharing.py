"""External sharing and guests: only partner spaces open up, only to the partners they name.

These rules read the planned resources (what the engine will apply), so they hold whatever
the program declares, not only what the description says.
"""

from __future__ import annotations

from collections.abc import Iterator

from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import PlannedResource, Subject
from tenantctl.governance.violations import Level
from tenantctl.m365.sharing import SharingLevel, level

SITE = "SiteSharing"
TENANT = "TenantSharingSettings"
GUEST_ACCESS = "GroupDirectorySettings"
INVITATIONS = ("GuestInvitation", "Invitation")
PARTNER_SPACE = "PartnerSpace"


def _sharing(resource: PlannedResource) -> SharingLevel:
    """The resource's sharing level in any spelling; one not recognised counts as 'anyone'."""
    value = level(resource.props.get("sharing", "disabled"))
    return SharingLevel(value) if value in set(SharingLevel) else SharingLevel.ANYONE


def no_anyone_links(subject: Subject, _: Params) -> Iterator[Breach]:
    for resource in subject.of_kind(SITE, TENANT):
        if _sharing(resource) is SharingLevel.ANYONE:
            yield Breach(
                resource.name,
                "sharing 'anyone' lets people open links without signing in",
                "use 'existing_guests' or 'guests': partners' guests sign in",
            )


def tenant_sharing_ceiling(subject: Subject, params: Params) -> Iterator[Breach]:
    ceiling = SharingLevel(params["ceiling"])
    for resource in subject.of_kind(TENANT):
        found = _sharing(resource)
        if found.rank > ceiling.rank:
            yield Breach(
                resource.name,
                f"tenant sharing '{found.value}' is above the baseline '{ceiling.value}'",
                f"set tenant.sharing_ceiling to '{ceiling.value}' or less",
            )


def no_resharing(subject: Subject, _: Params) -> Iterator[Breach]:
    for resource in subject.of_kind(TENANT):
        if resource.props.get("resharing_by_external_users"):
            yield Breach(
                resource.name,
                "guests may share items they do not own",
                "set tenant.resharing_by_external_users to false",
            )


def external_only_in_partner_spaces(subject: Subject, _: Params) -> Iterator[Breach]:
    for resource in subject.of_kind(SITE, GUEST_ACCESS):
        if resource.component == PARTNER_SPACE:
            continue
        if resource.kind == SITE and _sharing(resource).is_external:
            what = f"site shared externally ('{_sharing(resource).value}')"
        elif resource.kind == GUEST_ACCESS and resource.props.get("allow_to_add_guests"):
            what = "guests may be added to the group"
        else:
            continue
        yield Breach(
            resource.name,
            f"{what} outside a partner space",
            "keep sharing 'disabled' and guests out, or make the space kind: partner",
        )


def partner_domains_only(subject: Subject, _: Params) -> Iterator[Breach]:
    domains = {d.lower() for p in subject.tenant.partners for d in p.domains}
    for resource in subject.of_kind(TENANT):
        allowed = {str(d).lower() for d in resource.props.get("allowed_domains") or ()}
        if _sharing(resource).is_external and not allowed:
            yield Breach(
                resource.name,
                "external sharing is open to every domain",
                "name partners with their domains; only those domains may be shared with",
            )
        for domain in sorted(allowed - domains):
            yield Breach(
                resource.name,
                f"domain '{domain}' may be shared with but belongs to no partner",
                "remove it, or declare the partner that owns it",
            )
    for resource in subject.of_kind(*INVITATIONS):
        props = resource.props
        email = str(
            props.get("email") or props.get("user_email_address") or props.get("userEmailAddress")
        )
        if email.rpartition("@")[2].lower() not in domains:
            yield Breach(
                resource.name,
                f"guest '{email}' is not from a partner's domain",
                "invite guests only through the partner they belong to",
            )


RULES = (
    Rule(
        "sharing-no-anyone",
        "No anonymous links: no site or tenant sharing level 'anyone'",
        Level.MANDATORY,
        no_anyone_links,
        scuba=("MS.SHAREPOINT.1.1v1",),
        cis=("CIS 7.2.3 (v3.1.0)",),
    ),
    Rule(
        "sharing-tenant-ceiling",
        "Tenant-wide sharing at most the baseline level (parameter 'ceiling')",
        Level.MANDATORY,
        tenant_sharing_ceiling,
        scuba=("MS.SHAREPOINT.1.1v1",),
        cis=("CIS 7.2.3 (v3.1.0)",),
        defaults={"ceiling": SharingLevel.GUESTS.value},
    ),
    Rule(
        "sharing-no-resharing",
        "Guests cannot share items they do not own",
        Level.MANDATORY,
        no_resharing,
        cis=("CIS 7.2.5 (v3.1.0)",),
    ),
    Rule(
        "sharing-partner-spaces-only",
        "External sharing and guest access only in partner spaces",
        Level.MANDATORY,
        external_only_in_partner_spaces,
        scuba=("MS.SHAREPOINT.1.3v1",),
    ),
    Rule(
        "sharing-partner-domains",
        "Sharing and invitations only to the domains of declared partners",
        Level.MANDATORY,
        partner_domains_only,
        scuba=("MS.SHAREPOINT.1.3v1", "MS.AAD.8.3v1"),
        cis=("CIS 7.2.6 (v3.1.0)", "CIS 1.1.17 (v2.0.0)"),
    ),
)
