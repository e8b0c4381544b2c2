"""The group lifecycle policy: Microsoft 365 groups expire unless renewed.

Behaviour follows learn.microsoft.com/graph/api/resources/grouplifecyclepolicy (one policy
per tenant; ``managedGroupTypes`` All, Selected or None), the pages
grouplifecyclepolicy-post-grouplifecyclepolicies, -update, -delete, -addgroup and -removegroup
(the groups of a ``Selected`` policy; Microsoft 365 groups only), group-renew
(``renewedDateTime`` becomes now) and resources/group (``expirationDateTime`` is
``renewedDateTime`` plus the policy's lifetime for the groups it manages, null otherwise).
The lifetime is at least 30 days (learn.microsoft.com/entra/identity/users/groups-lifecycle).
When the tenant's clock passes a group's expiry, the group is soft-deleted (restorable from
deletedItems for 30 days); a restored group that had expired is renewed, so that it does not
expire again at once.

Not modelled: the notification mails sent 30, 15 and 1 days before expiry, automatic renewal
of groups in use, and purging deletedItems after 30 days.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from local_tenant.clock import iso, parse
from local_tenant.collection import merge, require
from local_tenant.directory.models import GROUP, is_unified
from local_tenant.errors import DirectoryBadRequest, NotFound
from local_tenant.protocol import new_id
from local_tenant.storage import Document

if TYPE_CHECKING:
    from local_tenant.lifecycle.host import LifecycleHost

POLICY = "lifecyclepolicy"
MANAGED_TYPES = ("All", "Selected", "None")
MIN_LIFETIME_DAYS = 30


def _properties(body: Document) -> Document:
    """A body's properties (annotations such as ``@odata.type`` aside)."""
    return {k: v for k, v in body.items() if not k.startswith("@") and k != "id"}


class Lifecycle:
    """The tenant's group lifecycle policy and the expiry of its groups."""

    def __init__(self, tenant: LifecycleHost) -> None:
        self.tenant = tenant
        self.store = tenant.store
        tenant.directory.on_group_created.append(self._group_created)
        tenant.clock.listeners.append(self.expire)

    # the policy -------------------------------------------------------------------------------

    def policies(self) -> list[Document]:
        """The policies (at most one)."""
        return self.store.list(POLICY)

    def policy(self, id: str) -> Document:
        """One policy by id."""
        return require(self.store, POLICY, id, NotFound.resource)

    def create(self, body: Document) -> Document:
        """POST /groupLifecyclePolicies."""
        if self.policies():
            raise DirectoryBadRequest(
                "A group lifecycle policy already exists in this tenant; only one is allowed."
            )
        doc: Document = {
            "id": new_id(),
            "groupLifetimeInDays": None,
            "managedGroupTypes": "None",
            "alternateNotificationEmails": None,
            "_groups": [],
        }
        doc = self._checked(merge(doc, _properties(body)))
        self.store.put(POLICY, doc["id"], doc)
        self._refresh()
        return doc

    def update(self, id: str, changes: Document) -> Document:
        """PATCH /groupLifecyclePolicies/{id}."""
        doc = self._checked(merge(self.policy(id), _properties(changes)))
        self.store.put(POLICY, id, doc)
        self._refresh()
        return doc

    def delete(self, id: str) -> None:
        """DELETE /groupLifecyclePolicies/{id}: no group expires any more."""
        self.policy(id)
        self.store.delete(POLICY, id)
        self._refresh()

    @staticmethod
    def _checked(doc: Document) -> Document:
        lifetime = doc.get("groupLifetimeInDays")
        if not isinstance(lifetime, int) or lifetime < MIN_LIFETIME_DAYS:
            raise DirectoryBadRequest(
                "Invalid value specified for property 'groupLifetimeInDays' of resource "
                f"'GroupLifecyclePolicy': a lifetime of at least {MIN_LIFETIME_DAYS} days is "
                "required."
            )
        if doc.get("managedGroupTypes") not in MANAGED_TYPES:
            raise DirectoryBadRequest(
                "Invalid value specified for property 'managedGroupTypes' of resource "
                f"'GroupLifecyclePolicy': expected one of {', '.join(MANAGED_TYPES)}."
            )
        return doc

    def add_group(self, id: str, group_id: str) -> bool:
        """POST .../addGroup: the group joins a Selected policy's groups."""
        doc = self.policy(id)
        group = self._unified(group_id)
        if group["id"] not in doc["_groups"]:
            doc["_groups"].append(group["id"])
            self.store.put(POLICY, id, doc)
        self._refresh()
        return True

    def remove_group(self, id: str, group_id: str) -> bool:
        """POST .../removeGroup: the group leaves a Selected policy's groups."""
        doc = self.policy(id)
        group = self._unified(group_id)
        if group["id"] not in doc["_groups"]:
            raise NotFound(f"Group '{group_id}' is not managed by policy '{id}'.")
        doc["_groups"].remove(group["id"])
        self.store.put(POLICY, id, doc)
        self._refresh()
        return True

    def _unified(self, group_id: str) -> Document:
        group = self.tenant.directory.group(group_id)
        if not is_unified(group):
            raise DirectoryBadRequest(
                "The group lifecycle policy applies to Microsoft 365 groups only."
            )
        return group

    # expiry -----------------------------------------------------------------------------------

    def renew(self, group_id: str) -> None:
        """POST /groups/{id}/renew: the group's renewedDateTime becomes now."""
        group = self.tenant.directory.group(group_id)
        self._put(group, self.tenant.clock.iso())

    def lifetime(self, group: Document) -> timedelta | None:
        """How long the group lives between renewals, or None when it does not expire."""
        if not is_unified(group):
            return None
        for doc in self.policies():
            kind = doc["managedGroupTypes"]
            if kind == "All" or (kind == "Selected" and group["id"] in doc["_groups"]):
                return timedelta(days=doc["groupLifetimeInDays"])
        return None

    def _expiry(self, group: Document, renewed: str) -> str | None:
        lifetime = self.lifetime(group)
        return None if lifetime is None else iso(parse(renewed) + lifetime)

    def _put(self, group: Document, renewed: str) -> None:
        expiry = self._expiry(group, renewed)
        if group.get("renewedDateTime") != renewed or group.get("expirationDateTime") != expiry:
            updated = {**group, "renewedDateTime": renewed, "expirationDateTime": expiry}
            self.store.put(GROUP, group["id"], updated)

    def _refresh(self) -> None:
        """Each group's expirationDateTime after the policy changed."""
        for group in self.tenant.directory.groups():
            if is_unified(group) or group.get("expirationDateTime") is not None:
                self._put(group, group.get("renewedDateTime") or self.tenant.clock.iso())

    def _group_created(self, group: Document) -> None:
        """A new group starts its lifetime now; a restored one that had expired is renewed."""
        renewed = group.get("renewedDateTime") or self.tenant.clock.iso()
        expiry = self._expiry(group, renewed)
        if expiry is not None and parse(expiry) <= self.tenant.clock.now():
            renewed = self.tenant.clock.iso()
        self._put(group, renewed)

    def expire(self, now: datetime) -> None:
        """Soft-delete every group whose expiry has passed."""
        if not self.policies():
            return
        for group in self.tenant.directory.groups():
            expiry = group.get("expirationDateTime")
            if expiry is not None and parse(expiry) <= now:
                self.tenant.directory.delete_group(group["id"])
