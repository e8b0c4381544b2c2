"""Teams: owned by enough people of the organisation, private, and partner spaces reviewed."""

from __future__ import annotations

from collections.abc import Iterator

from tenantctl.components.team_space import PARTNER_SPACE
from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level
from tenantctl.model import SpaceKind
from tenantctl.model.rules import MIN_TEAM_OWNERS
from tenantctl.model.schema import Visibility


def team_owners(subject: Subject, params: Params) -> Iterator[Breach]:
    minimum = int(params["min_owners"])
    index = subject.index
    live = subject.directory is not None
    known = subject.directory if subject.directory is not None else frozenset(index.people)
    for space in subject.tenant.spaces:
        where = f"spaces[{space.key}].owners"
        owners = sorted({owner.lower() for owner in index.space_owners(space)})
        if len(owners) < minimum:
            yield Breach(
                where,
                f"the team has {len(owners)} owner(s); the policy asks for {minimum}",
                f"name at least {minimum} owners so the team is never orphaned",
            )
        for owner in owners:
            if owner in index.partner_guests or "#ext#" in owner:
                yield Breach(where, f"guest '{owner}' owns the team", "make an agent the owner")
            elif owner not in known:
                source = "in the tenant's directory" if live else "among the described people"
                yield Breach(
                    where,
                    f"owner '{owner}' is not {source}",
                    "correct the address, or add the person to the directory and 'people'",
                )


def teams_are_private(subject: Subject, _: Params) -> Iterator[Breach]:
    for space in subject.tenant.spaces:
        if space.visibility is Visibility.PUBLIC:
            yield Breach(
                f"spaces[{space.key}].visibility",
                "a public team lets any agent join it and read its files",
                "set 'visibility: private', or disable this rule for an approved public team",
            )


REVIEW = "GuestAccessReview"
DAYS_PER_MONTH = 31
"""The most days a month between two reviews can have."""


def partner_spaces_reviewed(subject: Subject, params: Params) -> Iterator[Breach]:
    """Partner spaces review their guests (an access review by their owners) at most
    'max_review_days' apart. A review nobody decided is a drift finding (`overdue`), not a
    breach: it does not block a deployment."""
    most = int(params["max_review_days"])
    for space in subject.tenant.spaces:
        if space.kind is not SpaceKind.PARTNER:
            continue
        where = f"spaces[{space.key}]"
        if not space.owners:
            yield Breach(
                f"{where}.owners",
                "a partner space names no owner accountable for the partnership",
                "add 'owners:' with the agents responsible",
            )
        if space.review is None:
            yield Breach(
                f"{where}.review",
                "a partner space has no access review of its guests",
                "add 'review: {every_months: 3, duration_days: 14}'",
            )
        elif space.review.every_months * DAYS_PER_MONTH > most:
            yield Breach(
                f"{where}.review.every_months",
                f"guests reviewed every {space.review.every_months} months can go up to "
                f"{space.review.every_months * DAYS_PER_MONTH} days unreviewed; the policy "
                f"allows {most}",
                f"review every {most // DAYS_PER_MONTH} months or more often",
            )
    # What the engine will apply: a partner space's component declares its review.
    reviewed = {r.component_name for r in subject.of_kind(REVIEW)}
    planned = {r.component_name for r in subject.resources if r.component == PARTNER_SPACE.kind}
    for name in sorted(n for n in planned - reviewed if n):
        yield Breach(
            name,
            "the plan declares no access review of this partner space's guests",
            "declare the space through PartnerSpace, which adds its GuestAccessReview",
        )


RULES = (
    Rule(
        "team-owners",
        "Every team has enough owners (parameter 'min_owners'), none a guest, all in the directory",
        Level.MANDATORY,
        team_owners,
        defaults={"min_owners": MIN_TEAM_OWNERS},
        floors={"min_owners": (MIN_TEAM_OWNERS, "validation already refuses fewer owners")},
    ),
    Rule(
        "team-private",
        "Teams are private unless approved",
        Level.ADVISORY,
        teams_are_private,
        cis=("CIS 1.2.1 (v3.0.0)",),
    ),
    Rule(
        "partner-space-review",
        "Partner spaces have owners and review their guests at most 'max_review_days' apart",
        Level.MANDATORY,
        partner_spaces_reviewed,
        defaults={"max_review_days": 400},
        # CIS asks for monthly reviews: 'max_review_days: 31' holds every space to that
        cis=("CIS 5.3.2 (v3.0.0)",),
    ),
)
