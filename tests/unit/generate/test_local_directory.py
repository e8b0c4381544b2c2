"""What `tenantctl seed-local` gives the local tenant: the description's people and seats."""

from __future__ import annotations

from collections import Counter

from stacks.demo import describe
from tenantctl.generate.local_directory import directory_users, seats_needed
from tenantctl.model import LicenceGroup


def test_each_sku_gets_a_seat_for_every_user_its_licence_groups_cover() -> None:
    tenant = describe().tenant
    users = list(directory_users(tenant))
    departments = Counter(str(user["department"]) for user in users)
    field = sum(
        departments[d] for d in ("TECH - Voirie", "TECH - Espaces verts", "TECH - Bâtiments")
    )
    office = sum(
        1
        for user in users
        if user["department"] == "TECH - Direction"
        or str(user["department"]).startswith("DRH")
        or user["userPrincipalName"]
        in {"claire.vasseur@montaurel.fr", "marc.delorme@montaurel.fr", "ines.barre@montaurel.fr"}
    )

    assert seats_needed(tenant, users) == {"SPE_E3": office, "SPE_F1": field}
    assert field > 0 and office > 0


def test_a_user_in_two_groups_of_one_sku_takes_one_seat_and_the_excluded_none() -> None:
    tenant = describe().tenant
    users = list(directory_users(tenant))
    e3 = tenant.licence_groups[0]
    twin = LicenceGroup(
        key="e3-doublon",
        display_name="Doublon",
        sku=e3.sku,
        directorates=e3.directorates,
        exclude=("nadia.kessler@montaurel.fr",),
    )
    alone = tenant.model_copy(update={"licence_groups": (e3,)})
    doubled = tenant.model_copy(update={"licence_groups": (e3, twin)})

    assert seats_needed(doubled, users)["SPE_E3"] == seats_needed(alone, users)["SPE_E3"]
    included = twin.model_copy(update={"exclude": ()})

    def seats(group: LicenceGroup) -> int:
        return seats_needed(tenant.model_copy(update={"licence_groups": (group,)}), users)["SPE_E3"]

    assert seats(included) - seats(twin) == 1
