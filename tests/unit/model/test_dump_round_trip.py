"""A valid tenant written out with dump_tenant loads back as the same tenant."""

from __future__ import annotations

from pathlib import Path
from tempfile import TemporaryDirectory
from uuid import UUID

from hypothesis import given, settings
from hypothesis import strategies as st

from tenantctl.m365.names import channel_name_problem
from tenantctl.m365.skus import SKUS
from tenantctl.model import dump_tenant, load_tenant
from tenantctl.model.characters import character_problem
from tenantctl.model.schema import (
    Channel,
    ChannelKind,
    Directorate,
    FunSettings,
    GiphyRating,
    Guest,
    GuestReview,
    GuestSettings,
    LicenceGroup,
    MemberSettings,
    Membership,
    MessagingSettings,
    Organisation,
    Partner,
    Person,
    SharingLevel,
    Site,
    SpaceKind,
    SpaceMembership,
    TeamSettings,
    TeamSpace,
    Tenant,
    TenantSettings,
    Visibility,
)

# Names people write: letters of any script (one per word), digits, spaces and a little
# punctuation.
TEXT = st.text(
    alphabet=st.one_of(st.characters(categories=["L", "N"]), st.sampled_from(" -'&()éçÉ\u2019")),
    min_size=1,
    max_size=24,
).filter(lambda text: character_problem(text) is None)
OPTIONAL_TEXT = st.one_of(st.just(""), TEXT)
CHANNEL_NAME = st.text(
    alphabet=st.one_of(st.characters(categories=["L", "N"]), st.sampled_from(" -()\u2019")),
    min_size=1,
    max_size=30,
).filter(lambda name: channel_name_problem(name) is None and character_problem(name) is None)
REVIEWS = st.integers(1, 12).flatmap(
    lambda months: st.builds(
        GuestReview, every_months=st.just(months), duration_days=st.integers(1, 28 * months)
    )
)
CODES = ["DRH", "DSI", "DFIN", "VOIRIE", "EAU", "CULT", "SPORT", "PE"]


def settings_of_a_team() -> st.SearchStrategy[TeamSettings]:
    def flags(model: type, names: list[str]) -> st.SearchStrategy:
        return st.fixed_dictionaries({n: st.booleans() for n in names}).map(
            lambda values: model(**values)
        )

    return st.builds(
        TeamSettings,
        members=flags(MemberSettings, list(MemberSettings.model_fields)),
        guests=flags(GuestSettings, list(GuestSettings.model_fields)),
        messaging=flags(MessagingSettings, list(MessagingSettings.model_fields)),
        fun=st.builds(
            FunSettings,
            allow_giphy=st.booleans(),
            giphy_content_rating=st.sampled_from(GiphyRating),
            allow_stickers_and_memes=st.booleans(),
            allow_custom_memes=st.booleans(),
        ),
    )


@st.composite
def channels(
    draw: st.DrawFn,
    team: list[str],
    everyone: list[str],
    shareable: list[str],
    guests: list[str] | None = None,
) -> tuple[Channel, ...]:
    """Channels of a space: private ones hold people of the team and the space's guests as
    members, shared ones anyone of the tenant; agents own them."""
    names = draw(st.lists(CHANNEL_NAME, max_size=3, unique_by=lambda n: n.strip().lower()))
    result = []
    for position, name in enumerate(names):
        kinds = [ChannelKind.STANDARD, ChannelKind.PRIVATE]
        kinds += [ChannelKind.SHARED] if shareable else []
        kind = draw(st.sampled_from(kinds))
        key = draw(st.one_of(st.none(), st.just(f"c{position}")))
        if kind is ChannelKind.STANDARD:
            result.append(Channel(name=name, key=key, description=draw(OPTIONAL_TEXT)))
            continue
        pool = team if kind is ChannelKind.PRIVATE else everyone
        joining = [*pool, *(guests or ())] if kind is ChannelKind.PRIVATE else pool
        result.append(
            Channel(
                name=name,
                key=key,
                kind=kind,
                owners=tuple(draw(st.lists(st.sampled_from(pool), min_size=1, max_size=2))),
                members=tuple(draw(st.lists(st.sampled_from(joining), max_size=2))),
                shared_with=tuple(
                    draw(st.lists(st.sampled_from(shareable), min_size=1, unique=True))
                )
                if kind is ChannelKind.SHARED
                else (),
            )
        )
    return tuple(result)


@st.composite
def tenants(draw: st.DrawFn) -> Tenant:
    org_count = draw(st.integers(1, 2))
    organisations = [
        Organisation(
            key=key,
            display_name=draw(TEXT),
            company_name=draw(TEXT),
            prefix=prefix,
            domain=domain,
        )
        for key, prefix, domain in [
            ("ville", "VV", "ville.example.fr"),
            ("metropole", "VM", "metropole.example.fr"),
        ][:org_count]
    ]
    codes = draw(st.lists(st.sampled_from(CODES), min_size=1, max_size=4, unique=True))
    people: list[Person] = []
    directorates: list[Directorate] = []
    for code in codes:
        org = draw(st.sampled_from(organisations))
        staff = [
            Person(
                upn=f"{code.lower()}{n}@{org.domain}",
                display_name=draw(TEXT),
                directorate=code,
                job_title=draw(OPTIONAL_TEXT),
                frontline=draw(st.booleans()),
            )
            for n in range(draw(st.integers(2, 4)))
        ]
        people += staff
        upns = [p.upn for p in staff]
        membership = draw(
            st.one_of(
                st.lists(TEXT, min_size=1, max_size=3).map(
                    lambda deps: Membership(departments=tuple(deps))
                ),
                st.just(Membership(users=tuple(upns))),
            )
        )
        directorates.append(
            Directorate(
                code=code,
                organisation=org.key,
                display_name=draw(TEXT),
                description=draw(OPTIONAL_TEXT),
                owners=(upns[0], upns[1]),
                membership=membership,
                headcount=draw(st.one_of(st.none(), st.integers(0, 5000))),
            )
        )
    everyone = [p.upn for p in people]

    partners = []
    for n in range(draw(st.integers(0, 2))):
        domain = f"partner{n}.example.com"
        partners.append(
            Partner(
                key=f"partner-{n}",
                name=draw(TEXT),
                domains=(domain,),
                tenant_id=draw(st.one_of(st.none(), st.uuids().map(UUID.__str__).map(UUID))),
                guests=tuple(
                    Guest(email=f"guest{g}@{domain}", display_name=draw(TEXT))
                    for g in range(draw(st.integers(0, 2)))
                ),
            )
        )

    def space(key: str, kind: SpaceKind, codes_: list[str], **extra: object) -> TeamSpace:
        return TeamSpace(
            key=key,
            kind=kind,
            display_name=draw(TEXT),
            description=draw(OPTIONAL_TEXT),
            mail_nickname=draw(st.one_of(st.none(), st.just(f"mn-{key}"))),
            directorates=tuple(codes_),
            visibility=draw(st.sampled_from(Visibility)),
            template=draw(st.one_of(st.none(), st.just("custom-template"))),
            settings=draw(settings_of_a_team()),
            retain_on_delete=draw(st.booleans()),
            **extra,  # type: ignore[arg-type]
        )

    def some_people(at_least: int = 0) -> list[str]:
        return draw(st.lists(st.sampled_from(everyone), min_size=at_least, max_size=3, unique=True))

    spaces = []
    for code in draw(st.lists(st.sampled_from(codes), max_size=2, unique=True)):
        members = some_people()
        membership = draw(st.sampled_from([None, *SpaceMembership]))
        team = [*next(d.owners for d in directorates if d.code == code), *members]
        if membership is not SpaceMembership.LISTED:
            team += [p.upn for p in people if p.directorate == code]
        spaces.append(
            space(
                f"{code.lower()}-equipe",
                SpaceKind.INTRA,
                [code],
                members=tuple(members),
                membership=membership,
                channels=draw(channels(team, everyone, [])),
            )
        )
    if len(codes) >= 2 and draw(st.booleans()):
        owners, members = some_people(2), some_people()
        spaces.append(
            space(
                "projet-commun",
                SpaceKind.INTER,
                codes[:2],
                owners=tuple(owners),
                members=tuple(members),
                channels=draw(channels(owners + members, everyone, [])),
            )
        )
    if partners and draw(st.booleans()):
        named = draw(st.lists(st.sampled_from(partners), min_size=1, unique_by=lambda p: p.key))
        guests = [g.email for p in named for g in p.guests]
        shareable = [p.key for p in named if p.tenant_id is not None]
        owners, members = some_people(2), some_people()
        invited = draw(st.lists(st.sampled_from(guests), unique=True)) if guests else []
        spaces.append(
            space(
                "avec-partenaires",
                SpaceKind.PARTNER,
                [codes[-1]],
                owners=tuple(owners),
                members=tuple(members),
                partners=tuple(p.key for p in named),
                guests=tuple(invited),
                channels=draw(channels(owners + members, everyone, shareable, invited)),
                site=Site(
                    sharing=draw(
                        st.sampled_from(
                            [
                                SharingLevel.DISABLED,
                                SharingLevel.EXISTING_GUESTS,
                                SharingLevel.GUESTS,
                            ]
                        )
                    )
                ),
                review=draw(REVIEWS),
            )
        )

    licence_groups = []
    for n in range(draw(st.integers(0, 2))):
        sku = SKUS[draw(st.sampled_from(sorted(SKUS)))]
        # A frontline-only group names frontline agents only, and no directorate.
        frontline_only = sku.frontline and draw(st.booleans())
        frontline = [p.upn for p in people if p.frontline]
        chosen = (
            []
            if frontline_only
            else draw(st.lists(st.sampled_from(codes), max_size=2, unique=True))
        )
        named = frontline if frontline_only else everyone
        users = draw(st.lists(st.sampled_from(named), max_size=2, unique=True)) if named else []
        rule = draw(st.one_of(st.none(), st.just('(user.jobTitle -eq "Agent saisonnier")')))
        licence_groups.append(
            LicenceGroup(
                key=f"lic-{n}",
                display_name=draw(TEXT),
                mail_nickname=draw(st.one_of(st.none(), st.just(f"lic-mn-{n}"))),
                sku=sku.part_number,
                disabled_plans=tuple(
                    draw(st.lists(st.sampled_from(sorted(sku.plans)), max_size=3, unique=True))
                ),
                directorates=tuple(chosen),
                rule=rule if (rule or chosen or users) else "(user.accountEnabled -eq true)",
                users=tuple(users),
                frontline_only=frontline_only,
            )
        )

    return Tenant(
        tenant=TenantSettings(
            name=draw(TEXT),
            default_domain=organisations[0].domain,
            sharing_ceiling=draw(st.sampled_from([SharingLevel.GUESTS, SharingLevel.ANYONE])),
            resharing_by_external_users=draw(st.booleans()),
            guests_can_be_added_to_groups=draw(st.booleans()),
            stack_prefix=draw(st.sampled_from(["M365", "VAL"])),
        ),
        organisations=tuple(organisations),
        directorates=tuple(directorates),
        people=tuple(people),
        partners=tuple(partners),
        spaces=tuple(spaces),
        licence_groups=tuple(licence_groups),
    )


@settings(max_examples=40, deadline=None)
@given(tenant=tenants())
def test_a_dumped_tenant_loads_back_unchanged(tenant: Tenant) -> None:
    with TemporaryDirectory() as folder:
        (Path(folder) / "tenant.yaml").write_text(dump_tenant(tenant), encoding="utf-8")
        loaded = load_tenant(Path(folder), templates=None, relative_to=Path(folder))
    assert loaded.tenant == tenant
    assert loaded.warnings == ()


@settings(max_examples=15, deadline=None)
@given(tenant=tenants())
def test_dumping_is_stable(tenant: Tenant) -> None:
    with TemporaryDirectory() as folder:
        text = dump_tenant(tenant)
        (Path(folder) / "tenant.yaml").write_text(text, encoding="utf-8")
        again = load_tenant(Path(folder), templates=None, relative_to=Path(folder)).tenant
    assert dump_tenant(again) == text
