"""Subscriptions and licence assignment, direct and group-based.

Follows learn.microsoft.com/graph/api/user-assignlicense, /graph/api/group-assignlicense,
/graph/api/subscribedsku-list and /entra/identity/users/licensing-groups-assign: members of a
licensed group inherit its licences (``licenseAssignmentStates[].assignedByGroup``); when a
subscription runs out, inherited assignments fail with ``CountViolation``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local_tenant.directory.catalogue import SUBSCRIBED
from local_tenant.directory.exceptions import InvalidUsageLocation, NoAvailableLicences, UnknownSku
from local_tenant.directory.models import GROUP, LINKS, USER
from local_tenant.errors import DirectoryBadRequest
from local_tenant.protocol import now_iso
from local_tenant.storage import Document
from tenantctl.m365.skus import SKUS

if TYPE_CHECKING:
    from local_tenant.directory.host import DirectoryHost

SKU = "subscribedsku"
Basis = tuple[int, int, tuple[str, ...]]
"""(latest write to a user or SKU, latest write to a licensed group or its members, the
licensed groups' ids)."""
_ASSIGNMENT = {"skuId": str, "disabledPlans": list}


class Licensing:
    """Subscribed SKUs and who consumes them."""

    def __init__(self, tenant: DirectoryHost) -> None:
        self.tenant = tenant
        self.store = tenant.store
        self._basis: tuple[int, Basis] = (-1, (0, 0, ()))
        self._cache: tuple[Basis | None, dict[str, list[Document]]] = (None, {})
        self._consumed: tuple[Basis | None, dict[str, int]] = (None, {})

    def seed(self) -> None:
        """Subscribe to the catalogue's SKUs."""
        org = self.tenant.organisation
        for part, units in SUBSCRIBED.items():
            sku_id = str(SKUS[part].sku_id)
            self.store.put(
                SKU,
                sku_id,
                {
                    "id": f"{org.tenant_id}_{sku_id}",
                    "accountId": org.tenant_id,
                    "accountName": org.display_name,
                    "appliesTo": "User",
                    "capabilityStatus": "Enabled",
                    "consumedUnits": 0,
                    "skuId": sku_id,
                    "skuPartNumber": part,
                    "subscriptionIds": [self.tenant.stable_id("subscription", part)],
                    "prepaidUnits": {
                        "enabled": units,
                        "lockedOut": 0,
                        "suspended": 0,
                        "warning": 0,
                    },
                    "servicePlans": [
                        {
                            "servicePlanId": str(plan_id),
                            "servicePlanName": plan,
                            "provisioningStatus": "Success",
                            "appliesTo": "User",
                        }
                        for plan, plan_id in SKUS[part].plans.items()
                    ],
                },
            )

    def skus(self) -> list[Document]:
        """Subscribed SKUs with consumed units computed from current assignments."""
        used = self.consumed()
        return [{**sku, "consumedUnits": used.get(sku["skuId"], 0)} for sku in self.store.list(SKU)]

    def consumed(self) -> dict[str, int]:
        """Users with an active assignment per SKU id, counted again when their basis moves."""
        basis = self.basis()
        if self._consumed[0] == basis:
            return self._consumed[1]
        used: dict[str, int] = {}
        for user_states in self.states().values():
            for sku_id in {s["skuId"] for s in user_states if s["state"] == "Active"}:
                used[sku_id] = used.get(sku_id, 0) + 1
        self._consumed = (basis, used)
        return used

    def basis(self) -> Basis:
        """What licence states follow from, as of the latest write: the users, the SKUs, and
        the groups that carry licences with their members. A write to any other group (a team
        created, its members added) changes no one's licences, so it moves no basis and a
        tenant of thousands of users is not read again for it."""
        seq = self.store.latest_seq((USER, GROUP, LINKS, SKU))
        if self._basis[0] != seq:
            licensed = tuple(
                id
                for id, licences in self.store.fields(GROUP, ("id", "assignedLicenses"))
                if licences
            )
            self._basis = (
                seq,
                (
                    self.store.latest_seq((USER, SKU)),
                    self.store.latest_seq((GROUP, LINKS), ids=licensed),
                    licensed,
                ),
            )
        return self._basis[1]

    def states(self) -> dict[str, list[Document]]:
        """licenseAssignmentStates per user id, resolving group inheritance and unit counts
        (from the users' and groups' assignments alone, not their whole documents)."""
        basis = self.basis()
        if self._cache[0] == basis:
            return self._cache[1]
        limits = {s["skuId"]: s["prepaidUnits"]["enabled"] for s in self.store.list(SKU)}
        holders: dict[str, set[str]] = {}
        out: dict[str, list[Document]] = {}
        users = self.store.fields(USER, ("id", "assignedLicenses"))
        for user_id, assigned in users:
            out[user_id] = []
            for lic in assigned or []:
                holders.setdefault(lic["skuId"], set()).add(user_id)
                out[user_id].append(_state(lic, None, "Active", "None"))
        directory = self.tenant.directory
        for group_id, group_licences in self.store.fields(GROUP, ("id", "assignedLicenses")):
            licences = group_licences or []
            if not licences:
                continue
            members = set(directory.member_ids(group_id))
            for user_id, _ in users:
                if user_id not in members:
                    continue
                for lic in licences:
                    sku_holders = holders.setdefault(lic["skuId"], set())
                    fits = user_id in sku_holders or len(sku_holders) < limits.get(lic["skuId"], 0)
                    if fits:
                        sku_holders.add(user_id)
                    out[user_id].append(
                        _state(
                            lic,
                            group_id,
                            "Active" if fits else "Error",
                            "None" if fits else "CountViolation",
                        )
                    )
        self._cache = (basis, out)
        return out

    def user_view(self, user: Document) -> dict[str, Any]:
        """A user's effective ``assignedLicenses`` and ``licenseAssignmentStates``."""
        states = self.states().get(user["id"], [])
        effective: dict[str, set[str]] = {}
        for state in states:
            if state["state"] != "Active":
                continue
            plans = set(state["disabledPlans"])
            effective[state["skuId"]] = (
                effective[state["skuId"]] & plans if state["skuId"] in effective else plans
            )
        return {
            "assignedLicenses": [
                {"skuId": sku, "disabledPlans": sorted(plans)} for sku, plans in effective.items()
            ],
            "licenseAssignmentStates": states,
        }

    def _validate(self, body: Document) -> tuple[list[Document], list[str]]:
        add = body.get("addLicenses")
        remove = body.get("removeLicenses")
        if not isinstance(add, list) or not isinstance(remove, list):
            raise DirectoryBadRequest("Both addLicenses and removeLicenses are required.")
        unknown = set(body) - {"addLicenses", "removeLicenses"}
        if unknown:
            raise DirectoryBadRequest(
                f"Property '{sorted(unknown)[0]}' does not exist as a declared property."
            )
        known = {s["skuId"] for s in self.store.list(SKU)}
        clean: list[Document] = []
        for lic in add:
            if (
                not isinstance(lic, dict)
                or set(lic) - set(_ASSIGNMENT)
                or not isinstance(lic.get("skuId"), str)
            ):
                raise DirectoryBadRequest("Invalid value specified for property 'addLicenses'.")
            if lic["skuId"] not in known:
                raise UnknownSku(lic["skuId"])
            clean.append(
                {"skuId": lic["skuId"], "disabledPlans": list(lic.get("disabledPlans") or [])}
            )
        for sku in remove:
            if not isinstance(sku, str):
                raise DirectoryBadRequest("Invalid value specified for property 'removeLicenses'.")
        return clean, remove

    def assign_user(self, key: str, body: Document) -> Document:
        """POST /users/{id}/assignLicense."""
        user = self.tenant.directory.user(key)
        add, remove = self._validate(body)
        if add and not user.get("usageLocation"):
            raise InvalidUsageLocation()
        current = {
            lic["skuId"]: lic
            for lic in user.get("assignedLicenses", [])
            if lic["skuId"] not in remove
        }
        skus = {s["skuId"]: s for s in self.skus()}
        for lic in add:
            sku = skus[lic["skuId"]]
            if (
                lic["skuId"] not in current
                and sku["consumedUnits"] >= sku["prepaidUnits"]["enabled"]
            ):
                raise NoAvailableLicences(lic["skuId"])
            current[lic["skuId"]] = lic
        user = {**user, "assignedLicenses": list(current.values())}
        self.store.put(USER, user["id"], user)
        return user

    def assign_group(self, group_id: str, body: Document) -> Document:
        """POST /groups/{id}/assignLicense (group-based licensing)."""
        group = self.tenant.directory.group(group_id)
        add, remove = self._validate(body)
        current = {
            lic["skuId"]: lic
            for lic in group.get("assignedLicenses", [])
            if lic["skuId"] not in remove
        }
        current.update({lic["skuId"]: lic for lic in add})
        group = {
            **group,
            "assignedLicenses": list(current.values()),
            "licenseProcessingState": {"state": "ProcessingComplete"},
        }
        self.store.put(GROUP, group_id, group)
        return group


def _state(lic: Document, group_id: str | None, state: str, error: str) -> Document:
    return {
        "assignedByGroup": group_id,
        "disabledPlans": list(lic.get("disabledPlans", [])),
        "error": error,
        "lastUpdatedDateTime": now_iso(),
        "skuId": lic["skuId"],
        "state": state,
    }
