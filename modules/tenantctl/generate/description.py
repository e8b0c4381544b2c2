"""A synthetic tenant description: organisations, directorates, people, partners, team spaces
and licence groups, drawn from one seeded RNG so the same seed always gives the same tenant."""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Sequence

from tenantctl.generate.sizes import Size
from tenantctl.m365.sharing import SharingLevel
from tenantctl.model import schema as m

_NAMESPACE = uuid.UUID("5d0c7e0a-3b8f-4f61-9a2e-6c1d4b7f8e90")
_FIRST = [
    "alice",
    "bruno",
    "chloe",
    "damien",
    "elise",
    "fabien",
    "gaelle",
    "hugo",
    "ines",
    "julien",
    "karine",
    "louis",
    "manon",
    "nicolas",
    "olivia",
    "pierre",
    "quentin",
    "rose",
    "samuel",
    "theo",
    "ursule",
    "victor",
    "william",
    "yasmine",
    "zoe",
]
_LAST = [
    "martin",
    "bernard",
    "durand",
    "petit",
    "robert",
    "richard",
    "dubois",
    "moreau",
    "laurent",
    "simon",
    "michel",
    "leroy",
    "roux",
    "david",
    "bertrand",
    "morel",
    "fournier",
    "girard",
    "bonnet",
    "dupont",
    "lambert",
    "fontaine",
    "rousseau",
    "vincent",
]
_THEMES = (
    "Finances",
    "Ressources humaines",
    "Voirie",
    "Eau et assainissement",
    "Culture",
    "Sports",
    "Éducation",
    "Urbanisme",
    "Mobilités",
    "Numérique",
    "Environnement",
    "Action sociale",
)
_SERVICES = ("Accueil", "Pilotage", "Études", "Exploitation", "Projets", "Support", "Terrain")
_CHANNELS = ("Projets", "Réunions", "Documents", "Planning", "Veille", "Échanges", "Bilans")


def build(size: Size, seed: int) -> m.Tenant:
    """The synthetic tenant of this size and seed (validated by the model's classes)."""
    rng = random.Random(f"tenantctl-generate/{size.name}/{seed}")
    organisations = [_organisation(i) for i in range(size.organisations)]
    people: list[m.Person] = []
    named: dict[str, list[str]] = {}
    directorates = []
    for number in range(1, size.directorates + 1):
        organisation = organisations[(number - 1) % len(organisations)]
        code = f"D{number:04d}"
        staff = [
            _person(rng, organisation, code, len(people) + i)
            for i in range(size.named_per_directorate)
        ]
        people.extend(staff)
        named[code] = [p.upn for p in staff]
        directorates.append(_directorate(rng, organisation, code, number, named[code], size))
    partners = [_partner(number, size.guests_per_partner) for number in range(1, size.partners + 1)]
    spaces = [_space(rng, k, directorates, named, partners) for k in range(size.spaces)]
    return m.Tenant(
        tenant=m.TenantSettings(
            name=f"Synthetic tenant {size.name}",
            default_domain=organisations[0].domain,
            stack_prefix="SYN",
            guests_can_be_added_to_groups=True,
        ),
        organisations=tuple(organisations),
        directorates=tuple(directorates),
        people=tuple(people),
        partners=tuple(partners),
        spaces=tuple(spaces),
        licence_groups=tuple(_licence_groups(organisations, directorates, named, size)),
        waves=tuple(_waves(directorates)),
    )


def _organisation(index: int) -> m.Organisation:
    letters = chr(65 + index // 26) + chr(65 + index % 26)
    return m.Organisation(
        key=f"org-{index + 1:02d}",
        display_name=f"Collectivité {index + 1:02d}",
        company_name=f"Collectivité {index + 1:02d}",
        prefix=f"O{letters}",
        domain=f"org{index + 1:02d}.example.fr",
    )


def _person(rng: random.Random, organisation: m.Organisation, code: str, number: int) -> m.Person:
    first, last = rng.choice(_FIRST), rng.choice(_LAST)
    return m.Person(
        upn=f"{first}.{last}.{number:06d}@{organisation.domain}",
        display_name=f"{first.title()} {last.title()}",
        directorate=code,
        job_title=rng.choice(("Directeur", "Chef de service", "Chargé de mission", "Agent")),
        frontline=rng.random() < 0.2,
    )


def _directorate(
    rng: random.Random,
    organisation: m.Organisation,
    code: str,
    number: int,
    staff: Sequence[str],
    size: Size,
) -> m.Directorate:
    services = rng.sample(_SERVICES, 3)
    return m.Directorate(
        code=code,
        organisation=organisation.key,
        display_name=f"{_THEMES[number % len(_THEMES)]} {number:04d}",
        owners=tuple(staff[:2]),
        membership=m.Membership(departments=tuple(f"{code} - {s}" for s in services)),
        headcount=size.headcount,
    )


def _partner(number: int, guests: int) -> m.Partner:
    key = f"partner-{number:03d}"
    domain = f"partner{number:03d}.example.org"
    return m.Partner(
        key=key,
        name=f"Partenaire {number:03d}",
        domains=(domain,),
        tenant_id=uuid.uuid5(_NAMESPACE, key),
        guests=tuple(
            m.Guest(email=f"contact{g}@{domain}", display_name=f"Contact {g} ({key})")
            for g in range(1, guests + 1)
        ),
    )


def _space(
    rng: random.Random,
    k: int,
    directorates: Sequence[m.Directorate],
    named: dict[str, list[str]],
    partners: Sequence[m.Partner],
) -> m.TeamSpace:
    """Six intra spaces in ten, three inter, one with a partner."""
    home = directorates[k % len(directorates)]
    staff = named[home.code]
    channels = [m.Channel(name=n) for n in rng.sample(_CHANNELS, rng.randint(1, 3))]
    key = f"space-{k + 1:05d}"
    name = f"{_THEMES[k % len(_THEMES)]} — espace {k + 1}"
    slot = k % 10
    if slot < 6:
        owner, member = staff[0], staff[2 + k % (len(staff) - 2)]
        space = m.TeamSpace(
            key=key,
            display_name=name,
            kind=m.SpaceKind.INTRA,
            directorates=(home.code,),
            members=(member,),
        )
    elif slot < 9:
        other = directorates[(k + 1 + rng.randrange(len(directorates) - 1)) % len(directorates)]
        owners = (staff[0], named[other.code][0])
        owner, member = owners[0], named[other.code][2]
        space = m.TeamSpace(
            kind=m.SpaceKind.INTER,
            directorates=(home.code, other.code),
            owners=owners,
            members=(staff[2], member),
            key=key,
            display_name=name,
        )
    else:
        partner = partners[rng.randrange(len(partners))]
        owner, member = staff[0], staff[1]
        space = m.TeamSpace(
            kind=m.SpaceKind.PARTNER,
            directorates=(home.code,),
            owners=(owner, member),
            partners=(partner.key,),
            guests=tuple(g.email for g in partner.guests[:2]),
            site=m.Site(sharing=SharingLevel.EXISTING_GUESTS),
            review=m.GuestReview(),
            key=key,
            display_name=name,
        )
    if rng.random() < 0.25:
        private = m.Channel(
            name="Pilotage", kind=m.ChannelKind.PRIVATE, owners=(owner,), members=(member,)
        )
        channels.append(private)
    return space.model_copy(update={"channels": tuple(channels)})


def _waves(directorates: Sequence[m.Directorate]) -> list[m.MigrationWave]:
    """The mail migration in four monthly waves of 2025, directorates dealt in turn."""
    dates = [datetime.date(2025, month, 6) for month in (1, 2, 3, 4)]
    return [
        m.MigrationWave(
            key=f"vague-{number}",
            display_name=f"Vague {number}",
            date=day,
            directorates=tuple(d.code for d in directorates[number - 1 :: len(dates)]),
        )
        for number, day in enumerate(dates, 1)
        if directorates[number - 1 :: len(dates)]
    ]


def _licence_groups(
    organisations: Sequence[m.Organisation],
    directorates: Sequence[m.Directorate],
    named: dict[str, list[str]],
    size: Size,
) -> list[m.LicenceGroup]:
    """Per organisation, E3 by directorates (a few per group) and E5 for directorate heads."""
    groups = []
    for organisation in organisations:
        own = [d for d in directorates if d.organisation == organisation.key]
        step = size.directorates_per_licence_group
        for start in range(0, len(own), step):
            groups.append(
                m.LicenceGroup(
                    key=f"e3-{organisation.key}-{start // step + 1:02d}",
                    display_name=f"Microsoft 365 E3 — {organisation.display_name} "
                    f"({start // step + 1})",
                    sku="SPE_E3",
                    disabled_plans=("YAMMER_ENTERPRISE", "SWAY"),
                    directorates=tuple(d.code for d in own[start : start + step]),
                    exclude=tuple(named[d.code][0] for d in own[start : start + step]),
                )
            )
        groups.append(
            m.LicenceGroup(
                key=f"e5-{organisation.key}",
                display_name=f"Microsoft 365 E5 — {organisation.display_name}",
                sku="SPE_E5",
                users=tuple(named[d.code][0] for d in own),
            )
        )
    return groups
