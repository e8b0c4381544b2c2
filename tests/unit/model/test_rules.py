"""Cross-reference and Microsoft 365 limit rules: one broken rule, one exact finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tenantctl.m365 import limits
from tenantctl.model.derive import department_rule

if TYPE_CHECKING:
    from conftest import Description

UNKNOWN_PERSON_FIX = "add them to 'people', or correct the address"
DIRECTORATE_FIX = "use a code defined under 'directorates'"

EXTRA_PARTNER_SPACE = """\
    spaces:
      - key: extra
        kind: partner
        display_name: Extra
        directorates: [DSI]
        owners: [chloe@ville-test.fr, david@ville-test.fr]
        partners: [transports]
        review: {every_months: 6}
    """


# -- directorates ---------------------------------------------------------------------------


def test_a_directorate_belongs_to_a_known_organisation(desc: Description) -> None:
    desc.replace(
        "directorates.yaml", "DSI\n    organisation: ville", "DSI\n    organisation: metro"
    )
    assert desc.seen() == [
        (
            "directorates.yaml",
            desc.line("directorates.yaml", "organisation: metro"),
            "directorates[DSI].organisation",
            "unknown organisation 'metro'",
        )
    ]
    assert desc.only().fix == "use one of: ville"


def test_a_directorate_owner_is_a_known_person(desc: Description) -> None:
    desc.replace("directorates.yaml", "owners: [alice@", "owners: [zoe@")
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "directorates[DRH].owners[0]",
        "unknown person 'zoe@ville-test.fr'",
        UNKNOWN_PERSON_FIX,
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("directorates.yaml", "zoe@")


def test_a_listed_directorate_member_is_a_known_person_never_a_guest(desc: Description) -> None:
    desc.replace(
        "directorates.yaml",
        "users: [chloe@ville-test.fr, david@ville-test.fr]",
        "users: [chloe@ville-test.fr, zoe@ville-test.fr, eva@transports.example.com]",
    )
    line = desc.line("directorates.yaml", "users: [chloe@")
    assert desc.seen() == [
        (
            "directorates.yaml",
            line,
            "directorates[DSI].membership.users[1]",
            "unknown person 'zoe@ville-test.fr'",
        ),
        (
            "directorates.yaml",
            line,
            "directorates[DSI].membership.users[2]",
            "'eva@transports.example.com' is a guest of partner 'transports', not a person of "
            "the tenant",
        ),
    ]


def test_a_directorate_has_two_owners_and_so_do_its_intra_spaces(desc: Description) -> None:
    desc.replace(
        "directorates.yaml",
        "owners: [alice@ville-test.fr, bruno@ville-test.fr]",
        "owners: [alice@ville-test.fr]",
    )
    assert desc.seen() == [
        (
            "directorates.yaml",
            desc.line("directorates.yaml", "owners: [alice@ville-test.fr]"),
            "directorates[DRH].owners",
            "has 1 owner(s); at least 2 are needed",
        ),
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "key: drh-equipe"),
            "spaces[drh-equipe].owners",
            "the team has 1 owner(s); at least 2 are needed",
        ),
    ]


# -- people ---------------------------------------------------------------------------------


def test_a_person_belongs_to_a_known_directorate(desc: Description) -> None:
    desc.replace(
        "people.yaml", "Bruno Petit\n    directorate: DRH", "Bruno Petit\n    directorate: DAF"
    )
    assert desc.seen() == [
        (
            "people.yaml",
            desc.line("people.yaml", "directorate: DAF"),
            "people[bruno@ville-test.fr].directorate",
            "unknown directorate 'DAF'",
        )
    ]
    assert desc.only().fix == DIRECTORATE_FIX


# -- spaces: references ---------------------------------------------------------------------


def test_a_space_names_known_directorates(desc: Description) -> None:
    desc.replace("spaces.yaml", "directorates: [DRH, DSI]", "directorates: [DRH, DGS]")
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "[DRH, DGS]"),
            "spaces[projet-commun].directorates[1]",
            "unknown directorate 'DGS'",
        )
    ]


def test_a_space_names_known_partners(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "partners: [transports, hopital]", "partners: [transports, hopital, metro]"
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[mobilite].partners[2]",
        "unknown partner 'metro'",
        "define it under 'partners', or correct the key",
    )


def test_a_space_owner_is_a_known_person(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "owners: [alice@ville-test.fr, chloe@", "owners: [alice@ville-test.fr, zoe@"
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "zoe@"),
            "spaces[projet-commun].owners[1]",
            "unknown person 'zoe@ville-test.fr'",
        )
    ]


def test_a_space_member_is_a_known_person(desc: Description) -> None:
    desc.replace("spaces.yaml", "members: [bruno@", "members: [zoe@")
    assert desc.only().key == "spaces[projet-commun].members[0]"


# -- spaces: kinds --------------------------------------------------------------------------


def test_an_intra_space_belongs_to_exactly_one_directorate(desc: Description) -> None:
    desc.replace("spaces.yaml", "directorates: [DRH]", "directorates: [DRH, DSI]")
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[drh-equipe].directorates",
        "an intra-directorate space belongs to exactly one directorate",
        "list one directorate, or make it kind: inter",
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("spaces.yaml", "directorates: [DRH, DSI]")


def test_an_inter_space_spans_at_least_two_directorates(desc: Description) -> None:
    desc.replace("spaces.yaml", "directorates: [DRH, DSI]", "directorates: [DRH]")
    assert desc.only().message == "an inter-directorate space spans at least two directorates"


def test_an_inter_space_names_its_owners(desc: Description) -> None:
    desc.replace("spaces.yaml", "    owners: [alice@ville-test.fr, chloe@ville-test.fr]\n", "")
    line = desc.line("spaces.yaml", "key: projet-commun")
    assert desc.seen() == [
        (
            "spaces.yaml",
            line,
            "spaces[projet-commun].owners",
            "an inter-directorate space needs named owners",
        ),
        (
            "spaces.yaml",
            line,
            "spaces[projet-commun].owners",
            "the team has 0 owner(s); at least 2 are needed",
        ),
    ]


def test_only_an_intra_space_follows_its_directorate(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "    members: [bruno@ville-test.fr]\n",
        "    members: [bruno@ville-test.fr]\n    membership: directorate\n",
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "membership: directorate"),
            "spaces[projet-commun].membership",
            "'membership: directorate' is for intra spaces, not inter ones",
        )
    ]
    assert desc.only().fix == "remove 'membership', or make the space kind: intra"


def test_a_private_channel_of_a_listed_intra_space_holds_only_the_people_it_lists(
    desc: Description,
) -> None:
    # emma is a DRH agent: in the team when it follows DRH, not when it lists its people
    desc.append(
        "people.yaml",
        "  - upn: emma@ville-test.fr",
        "    display_name: Emma Roy",
        "    directorate: DRH",
    )
    desc.replace(
        "spaces.yaml",
        "owners: [alice@ville-test.fr]\n",
        "owners: [alice@ville-test.fr]\n        members: [emma@ville-test.fr]\n",
    )
    assert desc.load().tenant.spaces[0].channels[1].members == ("emma@ville-test.fr",)
    desc.replace(
        "spaces.yaml",
        "    directorates: [DRH]\n",
        "    directorates: [DRH]\n    membership: listed\n",
    )
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "spaces[drh-equipe].channels[1].members[0]",
        "'emma@ville-test.fr' is not in the team, so cannot be in its private channel",
    )


def test_a_partner_space_names_a_partner(desc: Description) -> None:
    desc.write(
        "more/spaces.yaml", EXTRA_PARTNER_SPACE.replace("        partners: [transports]\n", "")
    )
    assert desc.seen() == [
        (
            "more/spaces.yaml",
            2,
            "spaces[extra].partners",
            "a partner space names no partner organisation",
        )
    ]
    assert desc.only().fix == "add 'partners:' with the keys of the partners it works with"


def test_a_partner_space_has_a_guest_review(desc: Description) -> None:
    desc.write(
        "more/spaces.yaml", EXTRA_PARTNER_SPACE.replace("        review: {every_months: 6}\n", "")
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[extra].review",
        "a partner space needs a review of its guests by its owners",
        "add 'review: {every_months: 3, duration_days: 14}'",
    )


@pytest.mark.parametrize(("months", "days"), [(1, 28), (3, 84), (12, 336)])
def test_a_guest_review_may_last_until_the_next_one_starts(
    desc: Description, months: int, days: int
) -> None:
    desc.replace("spaces.yaml", "every_months: 3", f"every_months: {months}")
    desc.replace("spaces.yaml", "duration_days: 14", f"duration_days: {days}")
    review = next(s.review for s in desc.load().tenant.spaces if s.key == "mobilite")
    assert review is not None
    assert (review.every_months, review.duration_days) == (months, days)


@pytest.mark.parametrize(("months", "days"), [(1, 29), (3, 85), (12, 337)])
def test_a_guest_review_still_running_when_the_next_starts_is_refused(
    desc: Description, months: int, days: int
) -> None:
    desc.replace("spaces.yaml", "every_months: 3", f"every_months: {months}")
    desc.replace("spaces.yaml", "duration_days: 14", f"duration_days: {days}")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message, finding.fix) == (
        f"spaces.yaml:{desc.line('spaces.yaml', 'duration_days')}",
        "spaces[mobilite].review.duration_days",
        f"a review of {days} days would still run when the next one starts, {months} month(s) "
        "later",
        f"set 'duration_days' to at most {days - 1}, or review less often",
    )


def test_only_partner_spaces_have_a_guest_review(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "    members: [bruno@",
        "    review: {every_months: 3}\n    members: [bruno@",
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[projet-commun].review",
        "only partner spaces may have review",
        "make it kind: partner, or remove 'review'",
    )


def test_the_former_review_date_names_its_replacement(desc: Description) -> None:
    desc.replace("spaces.yaml", "    review:\n", "    review_on: 2027-06-30\n    review:\n")
    finding = desc.only()
    assert finding.key == "spaces[mobilite]"
    assert "'review_on' is replaced by an access review of the space's guests" in finding.message


def test_only_partner_spaces_have_partners(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "    members: [bruno@", "    partners: [transports]\n    members: [bruno@"
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[projet-commun].partners",
        "only partner spaces may have partners",
        "make it kind: partner, or remove the external people",
    )


def test_only_partner_spaces_have_guests(desc: Description) -> None:
    desc.write(
        "more/spaces.yaml",
        """\
        spaces:
          - key: extra
            kind: inter
            display_name: Extra
            directorates: [DRH, DSI]
            owners: [alice@ville-test.fr, chloe@ville-test.fr]
            guests: [eva@transports.example.com]
        """,
    )
    assert desc.seen() == [
        ("more/spaces.yaml", 7, "spaces[extra].guests", "only partner spaces may have guests"),
        (
            "more/spaces.yaml",
            7,
            "spaces[extra].guests[0]",
            "guest 'eva@transports.example.com' belongs to partner 'transports', which this "
            "space does not name",
        ),
    ]


# -- owners ---------------------------------------------------------------------------------


def test_a_team_has_at_least_two_owners(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "owners: [chloe@ville-test.fr, david@ville-test.fr]",
        "owners: [chloe@ville-test.fr]",
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[mobilite].owners",
        "the team has 1 owner(s); at least 2 are needed",
        "name at least two owners so the team is never orphaned",
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("spaces.yaml", "owners: [chloe@ville-test.fr]")


def test_the_same_owner_written_twice_counts_once(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "owners: [chloe@ville-test.fr, david@ville-test.fr]",
        "owners: [chloe@ville-test.fr, Chloe@Ville-Test.fr]",
    )
    assert desc.only().message == "the team has 1 owner(s); at least 2 are needed"


def test_a_guest_cannot_own_a_team(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "owners: [chloe@ville-test.fr, david@ville-test.fr]",
        "owners: [chloe@ville-test.fr, eva@transports.example.com]",
    )
    assert [(f.key, f.message) for f in desc.findings()] == [
        (
            "spaces[mobilite].owners[1]",
            "'eva@transports.example.com' is a guest of partner 'transports', not a person of "
            "the tenant",
        ),
        ("spaces[mobilite].owners[1]", "guest 'eva@transports.example.com' cannot own a team"),
    ]


# -- guests and partners --------------------------------------------------------------------


def test_a_guest_comes_from_a_partner_the_space_names(desc: Description) -> None:
    desc.replace("spaces.yaml", "partners: [transports, hopital]", "partners: [transports]")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message, finding.fix) == (
        f"spaces.yaml:{desc.line('spaces.yaml', 'guests: [eva@')}",
        "spaces[mobilite].guests[1]",
        "guest 'franck@hopital.example.org' belongs to partner 'hopital', which this space "
        "does not name",
        "add 'hopital' to the space's partners",
    )


def test_a_guest_is_declared_under_a_partner(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "franck@hopital.example.org]", "franck@hopital.example.org, x@y.example.net]"
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[mobilite].guests[2]",
        "unknown guest 'x@y.example.net'",
        "declare the guest under its partner's 'guests'",
    )


def test_a_guest_address_is_in_its_partners_domains(desc: Description) -> None:
    desc.append(
        "partners.yaml",
        "      - email: gina@clinique.example.org",
        "        display_name: Gina Clinique",
    )
    assert desc.seen() == [
        (
            "partners.yaml",
            desc.line("partners.yaml", "gina@"),
            "partners[hopital].guests[1].email",
            "'gina@clinique.example.org' is not in the partner's domains (hopital.example.org)",
        )
    ]
    assert desc.only().fix == "add the domain to the partner, or correct the address"


def test_a_domain_belongs_to_one_partner(desc: Description) -> None:
    desc.replace(
        "partners.yaml",
        "domains: [hopital.example.org]",
        "domains: [hopital.example.org, transports.example.com]",
    )
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "partners[hopital].domains[1]",
        "domain 'transports.example.com' is already claimed by partner 'transports'",
    )


# -- sharing --------------------------------------------------------------------------------


def test_external_sharing_is_refused_on_a_non_partner_site(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "    members: [bruno@",
        "    site:\n      sharing: existing_guests\n    members: [bruno@",
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "sharing: existing_guests"),
            "spaces[projet-commun].site.sharing",
            "external sharing 'existing_guests' on the site of an inter space",
        )
    ]
    assert desc.only().fix == "set 'sharing: disabled'; only partner spaces share externally"


def test_sharing_stays_under_the_tenant_ceiling(desc: Description) -> None:
    desc.replace("spaces.yaml", "sharing: guests", "sharing: anyone")
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[mobilite].site.sharing",
        "sharing 'anyone' is above the tenant ceiling 'guests'",
        "use 'guests' or less",
    )


def test_a_lower_ceiling_refuses_guest_sharing(desc: Description) -> None:
    desc.replace(
        "tenant.yaml",
        "default_domain: ville-test.fr",
        "default_domain: ville-test.fr\n  sharing_ceiling: existing_guests",
    )
    assert desc.only().message == "sharing 'guests' is above the tenant ceiling 'existing_guests'"


# -- channels -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("C" * 51, "is 51 characters long, over Teams' limit of 50"),
        ("Paie & RH", "contains characters Teams refuses: '&'"),
        ("Paie..RH", "contains '..', which Teams refuses"),
        ("_Paie", "starts with '_' or '.', or ends with '.', which Teams refuses"),
        ("General", "is a name Teams reserves"),
        ("con", "is a name Teams reserves"),
    ],
)
def test_channel_names_follow_teams_rules(desc: Description, name: str, problem: str) -> None:
    desc.replace("spaces.yaml", "- name: Paie", f"- name: '{name}'")
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", name),
            "spaces[drh-equipe].channels[0].name",
            f"channel name '{name}' {problem}",
        )
    ]


def test_channel_names_are_unique_in_a_team_ignoring_case(desc: Description) -> None:
    desc.replace("spaces.yaml", "- name: Dossiers", "- name: paie")
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[drh-equipe].channels[1].name",
        "channel 'paie' is already defined (channel #0)",
        "channel names are unique within a team",
    )


def test_channel_keys_are_unique_in_a_team(desc: Description) -> None:
    desc.replace("spaces.yaml", "- name: Paie\n", "- name: Paie\n        key: paie\n")
    desc.replace("spaces.yaml", "- name: Dossiers\n", "- name: Dossiers\n        key: paie\n")
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "key: paie", nth=2),
            "spaces[drh-equipe].channels[1].key",
            "channel key 'paie' is already used by channel #0",
        )
    ]


def test_a_standard_channel_has_no_members_of_its_own(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "- name: Paie\n", "- name: Paie\n        owners: [alice@ville-test.fr]\n"
    )
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "spaces[drh-equipe].channels[0]",
        "a standard channel has no owners, members or sharing of its own",
    )


def test_a_private_channel_has_an_owner(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "        kind: private\n        owners: [alice@ville-test.fr]\n",
        "        kind: private\n",
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "- name: Dossiers"),
            "spaces[drh-equipe].channels[1].owners",
            "a private channel needs at least one owner",
        )
    ]
    assert desc.only().fix == "add 'owners:' to the channel"


def test_a_channel_member_is_a_person_or_a_guest(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "owners: [alice@ville-test.fr]\n",
        "owners: [alice@ville-test.fr]\n        members: [zoe@ville-test.fr]\n",
    )
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "spaces[drh-equipe].channels[1].members[0]",
        "unknown person 'zoe@ville-test.fr'",
    )


def test_a_private_channel_holds_only_people_of_its_team(desc: Description) -> None:
    # chloe is in DSI, not in the DRH team; bruno is a DRH agent, so in the team by its rule
    desc.replace(
        "spaces.yaml",
        "owners: [alice@ville-test.fr]\n",
        "owners: [alice@ville-test.fr]\n"
        "        members: [bruno@ville-test.fr, chloe@ville-test.fr]\n",
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "members: [bruno@ville-test.fr, chloe"),
            "spaces[drh-equipe].channels[1].members[1]",
            "'chloe@ville-test.fr' is not in the team, so cannot be in its private channel",
        )
    ]
    assert desc.only().fix == "add them to the space's members, or use a shared channel"


def test_a_private_channel_of_a_partner_space_may_hold_its_guests(desc: Description) -> None:
    desc.replace("spaces.yaml", "kind: shared", "kind: private")
    desc.replace("spaces.yaml", "        shared_with: [transports]\n", "")
    desc.replace(
        "spaces.yaml",
        "owners: [chloe@ville-test.fr]\n",
        "owners: [chloe@ville-test.fr]\n        members: [eva@transports.example.com]\n",
    )
    assert desc.load().tenant.spaces[2].channels[0].members == ("eva@transports.example.com",)


def private_channel_in_mobilite(desc: Description, owners: str, members: str) -> None:
    """Make the partner space's channel private, with these owners and members."""
    desc.replace("spaces.yaml", "kind: shared", "kind: private")
    desc.replace("spaces.yaml", "        shared_with: [transports]\n", "")
    desc.replace(
        "spaces.yaml",
        "owners: [chloe@ville-test.fr]\n",
        f"owners: [{owners}]\n        members: [{members}]\n",
    )


def test_a_guest_cannot_own_a_channel(desc: Description) -> None:
    private_channel_in_mobilite(
        desc, "chloe@ville-test.fr, eva@transports.example.com", "franck@hopital.example.org"
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "owners: [chloe@ville-test.fr, eva@"),
            "spaces[mobilite].channels[0].owners[1]",
            "guest 'eva@transports.example.com' cannot own a channel",
        )
    ]
    assert desc.only().fix == (
        "make an agent of the team the channel's owner; a guest can be a member of a "
        "private channel"
    )


def test_a_guest_of_the_partner_space_but_not_of_its_team_stays_out_of_its_channels(
    desc: Description,
) -> None:
    # franck is a guest of hopital, a partner of the space, but not one of the space's guests
    desc.replace(
        "spaces.yaml",
        "guests: [eva@transports.example.com, franck@hopital.example.org]",
        "guests: [eva@transports.example.com]",
    )
    private_channel_in_mobilite(desc, "chloe@ville-test.fr", "franck@hopital.example.org")
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "members: [franck@"),
            "spaces[mobilite].channels[0].members[0]",
            "guest 'franck@hopital.example.org' is not a guest of this space, so cannot be in "
            "its private channel",
        )
    ]
    assert desc.only().fix == "add them to the space's 'guests'"


def test_a_guest_cannot_be_in_a_shared_channel(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "owners: [chloe@ville-test.fr]\n        shared_with",
        "owners: [chloe@ville-test.fr]\n"
        "        members: [alice@ville-test.fr, eva@transports.example.com]\n"
        "        shared_with",
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "members: [alice@ville-test.fr, eva@"),
            "spaces[mobilite].channels[0].members[1]",
            "guest 'eva@transports.example.com' cannot be in a shared channel; Teams adds "
            "guests to private channels only",
        )
    ]
    assert desc.only().fix == (
        "share the channel with the guest's partner through 'shared_with' (B2B direct "
        "connect), or make it a private channel"
    )


def test_a_guest_cannot_be_in_a_channel_of_an_intra_space(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "owners: [alice@ville-test.fr]\n",
        "owners: [alice@ville-test.fr]\n        members: [eva@transports.example.com]\n",
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "members: [eva@"),
            "spaces[drh-equipe].channels[1].members[0]",
            "guest 'eva@transports.example.com' cannot be in a channel of an intra space; "
            "only partner spaces have guests",
        )
    ]
    assert desc.only().fix == (
        "remove the guest, or make the space kind: partner with the guest's partner"
    )


def test_a_guest_is_not_a_member_of_a_space_but_one_of_its_guests(desc: Description) -> None:
    desc.replace("spaces.yaml", "members: [bruno@", "members: [eva@transports.example.com, bruno@")
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[projet-commun].members[0]",
        "'eva@transports.example.com' is a guest of partner 'transports', not a person of the "
        "tenant",
        "guests join a partner space through its 'guests' (and may be members of its private "
        "channels)",
    )


def test_a_shared_channel_may_reach_people_outside_its_team(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "owners: [chloe@ville-test.fr]\n        shared_with",
        "owners: [chloe@ville-test.fr]\n"
        "        members: [alice@ville-test.fr]\n"
        "        shared_with",
    )
    assert desc.load().tenant.spaces[2].channels[0].members == ("alice@ville-test.fr",)


def test_only_shared_channels_are_shared_with_partners(desc: Description) -> None:
    desc.replace("spaces.yaml", "kind: shared", "kind: private")
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[mobilite].channels[0].shared_with",
        "only shared channels can be shared with partners",
        "make the channel kind: shared",
    )


def test_a_shared_channel_needs_a_partner_with_a_tenant_id(desc: Description) -> None:
    desc.replace("spaces.yaml", "shared_with: [transports]", "shared_with: [hopital]")
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "shared_with: [hopital]"),
            "spaces[mobilite].channels[0].shared_with[0]",
            "partner 'hopital' has no tenant_id; shared channels need B2B direct connect "
            "with the partner's tenant",
        )
    ]
    assert desc.only().fix == "add the partner's tenant_id"


def test_a_shared_channel_is_shared_with_a_known_partner(desc: Description) -> None:
    desc.replace("spaces.yaml", "shared_with: [transports]", "shared_with: [metro]")
    assert desc.only().message == "unknown partner 'metro'"


def test_a_shared_channel_is_shared_with_a_partner_of_its_space(desc: Description) -> None:
    desc.append(
        "partners.yaml",
        "  - key: universite",
        "    name: Université",
        "    domains: [univ.example.org]",
        "    tenant_id: 11111111-2222-4333-8444-555555555555",
    )
    desc.replace(
        "spaces.yaml", "shared_with: [transports]", "shared_with: [transports, universite]"
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[mobilite].channels[0].shared_with[1]",
        "partner 'universite' is not a partner of this space",
        "add 'universite' to the space's partners",
    )


# -- templates ------------------------------------------------------------------------------


def test_a_space_uses_an_existing_teams_template(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "    members: [bruno@", "    template: projet\n    members: [bruno@"
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "template: projet"),
            "spaces[projet-commun].template",
            "unknown Teams template 'projet'",
        )
    ]
    assert desc.only().fix == "use one of: external-partner, inter-directorate, intra-directorate"


def test_template_names_are_not_checked_without_a_template_list(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "    members: [bruno@", "    template: projet\n    members: [bruno@"
    )
    assert desc.load(templates=None).tenant.spaces[1].template == "projet"


# -- mail nicknames -------------------------------------------------------------------------


def test_a_mail_nickname_has_no_characters_graph_refuses(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "    members: [bruno@", "    mail_nickname: équipe RH\n    members: [bruno@"
    )
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "mail_nickname"),
            "spaces[projet-commun].mail_nickname",
            "mail nickname 'équipe RH' contains characters Graph refuses in a mailNickname: "
            "' ', 'é'",
        )
    ]
    assert desc.only().fix == "set a shorter 'mail_nickname' of ASCII letters, digits and '-'"


def test_a_mail_nickname_has_at_most_64_characters(desc: Description) -> None:
    desc.replace(
        "spaces.yaml",
        "    members: [bruno@",
        f"    mail_nickname: {'n' * 65}\n    members: [bruno@",
    )
    assert desc.only().message == (
        f"mail nickname '{'n' * 65}' is 65 characters long, over Graph's limit of 64"
    )


def test_mail_nicknames_are_unique_ignoring_case(desc: Description) -> None:
    # drh-equipe's derived nickname is VT-DRH-drh-equipe
    desc.replace(
        "spaces.yaml",
        "    members: [bruno@",
        "    mail_nickname: vt-drh-DRH-EQUIPE\n    members: [bruno@",
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "spaces[projet-commun].mail_nickname",
        "mail nickname 'vt-drh-DRH-EQUIPE' is already used by spaces[drh-equipe]",
        "set a distinct 'mail_nickname'",
    )


def test_a_licence_group_cannot_take_a_directorate_nickname(desc: Description) -> None:
    desc.replace(
        "licences.yaml", "    sku: SPE_F1", "    mail_nickname: VT-DRH-agents\n    sku: SPE_F1"
    )
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "licence_groups[f1].mail_nickname",
        "mail nickname 'VT-DRH-agents' is already used by directorates[DRH]",
    )


# -- licences -------------------------------------------------------------------------------


def test_a_licence_group_uses_a_known_sku(desc: Description) -> None:
    desc.replace("licences.yaml", "sku: SPE_F1", "sku: SPE_F7")
    assert desc.seen() == [
        (
            "licences.yaml",
            desc.line("licences.yaml", "SPE_F7"),
            "licence_groups[f1].sku",
            "unknown SKU part number 'SPE_F7'",
        )
    ]
    assert desc.only().fix.startswith("use one of: DESKLESSPACK, ENTERPRISEPACK, EXCHANGESTANDARD")


def test_disabled_plans_are_plans_of_the_sku(desc: Description) -> None:
    desc.replace("licences.yaml", "disabled_plans: [SWAY]", "disabled_plans: [SWAY, MCOEV]")
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "licence_groups[e3].disabled_plans[1]",
        "service plan 'MCOEV' is not part of SPE_E3",
    )
    assert finding.fix.startswith("use plans of SPE_E3: AAD_PREMIUM, EXCHANGE_S_ENTERPRISE")


def test_microsoft_365_e5_bundles_entra_id_p2(desc: Description) -> None:
    desc.replace("licences.yaml", "sku: SPE_E3", "sku: SPE_E5")
    desc.replace("licences.yaml", "[SWAY]", "[SWAY, AAD_PREMIUM_P2]")
    group = desc.load().tenant.licence_groups[0]
    assert (group.sku, group.disabled_plans) == ("SPE_E5", ("SWAY", "AAD_PREMIUM_P2"))


def test_a_licence_group_names_known_directorates(desc: Description) -> None:
    desc.replace("licences.yaml", "directorates: [DRH, DSI]", "directorates: [DRH, DGS]")
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "licence_groups[e3].directorates[1]",
        "unknown directorate 'DGS'",
        DIRECTORATE_FIX,
    )


def test_a_licence_group_names_known_users(desc: Description) -> None:
    desc.replace("licences.yaml", "users: [david@", "users: [zoe@")
    assert desc.only().key == "licence_groups[f1].users[0]"


def test_a_licence_group_has_members(desc: Description) -> None:
    desc.replace("licences.yaml", '    rule: (user.extensionAttribute1 -eq "terrain")\n', "")
    desc.replace("licences.yaml", "    users: [david@ville-test.fr]\n", "")
    assert desc.seen() == [
        (
            "licences.yaml",
            desc.line("licences.yaml", "key: f1"),
            "licence_groups[f1]",
            "the licence group has no members",
        )
    ]
    assert desc.only().fix == "add 'directorates', 'rule' or 'users'"


def test_a_frontline_licence_group_names_frontline_agents_only(desc: Description) -> None:
    desc.replace("licences.yaml", "users: [david@", "users: [chloe@")
    assert desc.seen() == [
        (
            "licences.yaml",
            desc.line("licences.yaml", "users: [chloe@"),
            "licence_groups[f1].users[0]",
            "the group licenses frontline agents only, and 'chloe@ville-test.fr' is not one",
        )
    ]
    assert desc.only().fix == "mark them 'frontline: true' under 'people', or leave them out"


def test_a_frontline_licence_group_covers_no_desk_agent_through_a_directorate(
    desc: Description,
) -> None:
    desc.replace("licences.yaml", "users: [david@ville-test.fr]", "directorates: [DSI]")
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "licence_groups[f1].directorates[0]",
        "the group licenses frontline agents only, and directorate DSI has agents who are "
        "not: chloe@ville-test.fr",
    )
    desc.replace(
        "licences.yaml",
        "directorates: [DSI]",
        "directorates: [DSI]\n    exclude: [chloe@ville-test.fr]",
    )
    desc.load()  # valid once the desk agent is left out


def test_a_licence_rule_stays_within_entra_ids_length_limit(desc: Description) -> None:
    departments = [f"DRH - Service numéro {n:03d} des ressources humaines" for n in range(70)]
    desc.replace(
        "directorates.yaml",
        "departments: [DRH - Paie, DRH - Formation]",
        "departments:\n" + "".join(f"        - {d}\n" for d in departments).rstrip("\n"),
    )
    # The group's rule is DRH's departments, or DSI's listed agents by name.
    named = '(user.userPrincipalName -in ["chloe@ville-test.fr","david@ville-test.fr"])'
    length = len(f"({department_rule(departments)}) -or {named}")
    assert length > limits.MEMBERSHIP_RULE_MAX
    # The directorate's own group has the same rule: it is refused too (tests/unit/model/
    # test_capacity.py); the licence group's finding is this test's.
    directorate, finding = desc.findings()
    assert directorate.key == "directorates[DRH].membership.departments"
    assert (finding.key, finding.message, finding.fix) == (
        "licence_groups[e3].directorates",
        f"the membership rule is {length} characters, over Entra ID's limit of "
        f"{limits.MEMBERSHIP_RULE_MAX}",
        "split the group in two",
    )


@pytest.mark.parametrize("prop", ["employeeType", "shoeSize", "extensionAttribute16"])
def test_a_licence_rule_names_only_user_properties_entra_id_accepts(
    desc: Description, prop: str
) -> None:
    desc.replace(
        "licences.yaml",
        'rule: (user.extensionAttribute1 -eq "terrain")',
        f'rule: (user.{prop} -eq "terrain")',
    )
    finding = desc.only()
    assert (finding.key, finding.message) == (
        "licence_groups[f1].rule",
        f"the membership rule uses 'user.{prop}', a property Entra ID does not accept in "
        "dynamic membership rules",
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("licences.yaml", f"user.{prop}")
    assert "jobTitle" in finding.fix
