"""Users, groups, membership and invitations: the state and behaviour of the directory.

Shapes follow learn.microsoft.com/graph/api/resources/user and /resources/group; creation rules
follow /graph/api/group-post-groups (owners@odata.bind, members@odata.bind: at most
`limits.GROUP_CREATE_LINKS_MAX` together)
and /graph/api/invitation-post; membership follows /graph/api/group-post-members and
/graph/api/group-delete-members.
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from local_tenant.collection import Shape, merge, require
from local_tenant.directory.exceptions import (
    DuplicateProxyAddress,
    DuplicateReference,
    DynamicMembershipReadOnly,
    LastOwner,
    MailEnabledGroupWrite,
    ObjectNotFound,
    OwnerLimit,
    TeamMemberLimit,
    TooManyReferences,
)
from local_tenant.directory.rules import compile_rule
from local_tenant.errors import DirectoryBadRequest
from local_tenant.protocol import new_id, now_iso, parse_bind
from local_tenant.storage import Document
from tenantctl.m365 import limits
from tenantctl.m365.names import mail_nickname_problem

if TYPE_CHECKING:
    from local_tenant.directory.host import DirectoryHost

USER = "user"
GROUP = "group"
LINKS = "grouplinks"
MEMBER_EVENT = "memberevent"
DELETED_GROUP = "deletedgroup"
INVITATION = "invitation"

USER_SHAPE = Shape(
    "user",
    {
        "accountEnabled": bool,
        "displayName": str,
        "givenName": str,
        "surname": str,
        "jobTitle": str,
        "department": str,
        "companyName": str,
        "officeLocation": str,
        "usageLocation": str,
        "mobilePhone": str,
        "businessPhones": list,
        "preferredLanguage": str,
        "employeeId": str,
        "city": str,
        "country": str,
        "state": str,
    },
    default_select=(
        "businessPhones",
        "displayName",
        "givenName",
        "id",
        "jobTitle",
        "mail",
        "mobilePhone",
        "officeLocation",
        "preferredLanguage",
        "surname",
        "userPrincipalName",
    ),
    error=DirectoryBadRequest,
)

GROUP_SHAPE = Shape(
    "group",
    {
        "displayName": str,
        "description": str,
        "mailEnabled": bool,
        "mailNickname": str,
        "securityEnabled": bool,
        "groupTypes": list,
        "visibility": str,
        "membershipRule": str,
        "membershipRuleProcessingState": str,
        "classification": str,
        "preferredLanguage": str,
        "theme": str,
        "isAssignableToRole": bool,
        "resourceBehaviorOptions": list,
        "resourceProvisioningOptions": list,
        "assignedLabels": list,
        "allowExternalSenders": bool,
        "autoSubscribeNewMembers": bool,
        "hideFromAddressLists": bool,
        "hideFromOutlookClients": bool,
    },
    binds=frozenset({"owners@odata.bind", "members@odata.bind"}),
    select_only=frozenset(
        {
            "allowExternalSenders",
            "assignedLabels",
            "assignedLicenses",
            "autoSubscribeNewMembers",
            "hideFromAddressLists",
            "hideFromOutlookClients",
            "isSubscribedByMail",
            "licenseProcessingState",
            "unseenCount",
        }
    ),
    required=("displayName", "mailNickname"),
    error=DirectoryBadRequest,
    limits={
        "displayName": limits.DISPLAY_NAME_MAX,
        "mailNickname": limits.MAIL_NICKNAME_MAX,
        "description": limits.DESCRIPTION_MAX,
    },
)

GroupListener = Callable[[Document], None]


_LICENCE_PROPERTIES = frozenset({"assignedlicenses", "licenseassignmentstates"})


@functools.lru_cache(maxsize=256)
def _shows_licences(select: tuple[str, ...]) -> bool:
    """Whether a user rendered under ``select`` shows its computed licence properties (the
    default property set does not)."""
    return any(s == "*" or s.lower() in _LICENCE_PROPERTIES for s in select)


def is_unified(group: Document) -> bool:
    """True for a Microsoft 365 group."""
    return "Unified" in (group.get("groupTypes") or [])


def is_exchange_managed(group: Document) -> bool:
    """A distribution list or mail-enabled security group: mail-enabled, not Microsoft 365."""
    return bool(group.get("mailEnabled")) and not is_unified(group)


def is_dynamic(group: Document) -> bool:
    """True for a group with dynamic membership."""
    return "DynamicMembership" in (group.get("groupTypes") or [])


class Directory:
    """Users, groups and their links, over the tenant store."""

    def __init__(self, tenant: DirectoryHost) -> None:
        self.tenant = tenant
        self.store = tenant.store
        self.on_group_created: list[GroupListener] = []
        self.on_group_deleted: list[GroupListener] = []
        self._members_cache: tuple[int, dict[str, list[str]]] = (-1, {})
        self._rule_members: tuple[int, dict[str, list[str]]] = (-1, {})
        """Members by rule text, as of the latest write to a user."""

    # users -----------------------------------------------------------------------------------

    def user(self, key: str) -> Document:
        """A user by id or userPrincipalName (found in SQL, decoding only that user)."""
        doc = self.store.get(USER, key)
        if doc is not None:
            return doc
        lowered = key.lower()
        for _, row in self.store.scan(USER, equals=("userPrincipalName", key)):
            if row.body.get("userPrincipalName", "").lower() == lowered:
                return row.body
        raise ObjectNotFound.resource(key)

    def users(self) -> list[Document]:
        """Every user."""
        return self.store.list(USER)

    def add_user(self, body: Document) -> Document:
        """Store a fully formed user (seeding and invitations)."""
        doc = {
            "id": body.get("id") or new_id(),
            "businessPhones": [],
            "createdDateTime": now_iso(),
            "assignedLicenses": [],
            **body,
        }
        self.store.put(USER, doc["id"], doc)
        return doc

    def update_user(self, key: str, changes: Document) -> Document:
        """PATCH a user."""
        doc = merge(self.user(key), USER_SHAPE.validate(changes, creating=False))
        self.store.put(USER, doc["id"], doc)
        return doc

    def delete_user(self, key: str) -> None:
        """DELETE /users/{id}: the user leaves every group and is soft-deleted (user-delete)."""
        user = self.user(key)
        for group in self.groups():
            links = self.store.get(LINKS, group["id"]) or {"members": [], "owners": []}
            for prop in ("members", "owners"):
                if user["id"] in links[prop]:
                    links[prop].remove(user["id"])
                    self.store.put(LINKS, group["id"], links, parent=group["id"])
                    self._touch(group["id"], prop, user["id"], removed=True)
        self.store.delete(USER, user["id"])

    # groups ----------------------------------------------------------------------------------

    def group(self, id: str) -> Document:
        """A group by id."""
        return require(self.store, GROUP, id, ObjectNotFound.resource)

    def groups(self) -> list[Document]:
        """Every group."""
        return self.store.list(GROUP)

    def create_group(self, body: Document) -> Document:
        """Create a group as POST /groups does, with its initial owners and members."""
        clean = GROUP_SHAPE.validate(body, creating=True)
        for key in ("mailEnabled", "securityEnabled"):
            if not isinstance(clean.get(key), bool):
                raise DirectoryBadRequest(
                    f"Invalid value specified for property '{key}' of resource 'Group'."
                )
        owners = self._binds(clean.pop("owners@odata.bind", []), "owners@odata.bind")
        members = self._binds(clean.pop("members@odata.bind", []), "members@odata.bind")
        if len(owners) + len(members) > limits.GROUP_CREATE_LINKS_MAX:
            raise TooManyReferences(
                limits.GROUP_CREATE_LINKS_MAX,
                "owners and members can be added when creating a group",
            )
        nickname = clean["mailNickname"]
        self._check_nickname(nickname)
        unified = "Unified" in clean.get("groupTypes", [])
        dynamic = "DynamicMembership" in clean.get("groupTypes", [])
        if unified and not clean["mailEnabled"]:
            raise DirectoryBadRequest("A Microsoft 365 group must be mail-enabled.")
        if is_exchange_managed(clean):
            raise MailEnabledGroupWrite("Create")
        if dynamic:
            compile_rule(clean.get("membershipRule") or "")
            if members:
                raise DynamicMembershipReadOnly()
        now = self.tenant.clock.iso()
        id = new_id()
        mail = f"{nickname}@{self.tenant.organisation.domain}" if clean["mailEnabled"] else None
        doc: Document = {
            "id": id,
            "deletedDateTime": None,
            "classification": None,
            "createdDateTime": now,
            "description": None,
            "displayName": clean["displayName"],
            "expirationDateTime": None,
            "groupTypes": [],
            "isAssignableToRole": None,
            "mail": mail,
            "mailEnabled": clean["mailEnabled"],
            "mailNickname": nickname,
            "membershipRule": None,
            "membershipRuleProcessingState": "On" if dynamic else None,
            "onPremisesDomainName": None,
            "onPremisesLastSyncDateTime": None,
            "onPremisesNetBiosName": None,
            "onPremisesSamAccountName": None,
            "onPremisesSecurityIdentifier": None,
            "onPremisesSyncEnabled": None,
            "preferredDataLocation": None,
            "preferredLanguage": None,
            "proxyAddresses": [f"SMTP:{mail}"] if mail else [],
            "renewedDateTime": now,
            "resourceBehaviorOptions": [],
            "resourceProvisioningOptions": [],
            "securityEnabled": clean["securityEnabled"],
            "securityIdentifier": f"S-1-12-1-{int(time.time() * 1000) % 4294967295}",
            "theme": None,
            "visibility": "Public" if unified else None,
            "onPremisesProvisioningErrors": [],
            "serviceProvisioningErrors": [],
            "assignedLabels": [],
            "assignedLicenses": [],
            "licenseProcessingState": None,
            **clean,
        }
        if doc["visibility"] is None and not unified and doc["securityEnabled"]:
            doc["visibility"] = "Private"
        self.store.put(GROUP, id, doc)
        self.store.put(LINKS, id, {"members": [], "owners": []}, parent=id)
        for owner in owners:
            self.add_link(id, "owners", owner)
        for member in members:
            self.add_link(id, "members", member)
        for listener in self.on_group_created:
            listener(self.group(id))
        return self.group(id)

    def add_exchange_group(
        self, display_name: str, nickname: str, security: bool, members: list[str]
    ) -> Document:
        """Store a distribution list (or, with ``security``, a mail-enabled security group)
        as Exchange Online makes it, for seeding: Graph lists such groups, never writes them."""
        id = self.tenant.stable_id("exchangeGroup", nickname)
        mail = f"{nickname}@{self.tenant.organisation.domain}"
        doc: Document = {
            "id": id,
            "createdDateTime": now_iso(),
            "description": None,
            "displayName": display_name,
            "groupTypes": [],
            "mail": mail,
            "mailEnabled": True,
            "mailNickname": nickname,
            "proxyAddresses": [f"SMTP:{mail}"],
            "securityEnabled": security,
            "visibility": None,
            "assignedLicenses": [],
        }
        self.store.put(GROUP, id, doc)
        self.store.put(LINKS, id, {"members": list(members), "owners": []}, parent=id)
        return doc

    def _binds(self, value: Any, prop: str) -> list[str]:
        if not isinstance(value, list):
            raise DirectoryBadRequest(f"Invalid value specified for property '{prop}'.")
        return [
            parse_bind(v, "directoryObjects")
            if "directoryObjects" in str(v)
            else parse_bind(v, "users")
            for v in value
        ]

    def _check_nickname(self, nickname: str, exclude: str | None = None) -> None:
        if mail_nickname_problem(nickname):
            raise DirectoryBadRequest(
                "Invalid value specified for property 'mailNickname' of resource 'Group'."
            )
        for other in self.groups():
            if (
                other["id"] != exclude
                and other.get("mailEnabled")
                and other.get("mailNickname", "").lower() == nickname.lower()
            ):
                raise DuplicateProxyAddress()

    def update_group(self, id: str, changes: Document) -> Document:
        """PATCH a group; ``members@odata.bind`` adds members in the same request."""
        group = self.group(id)
        clean = GROUP_SHAPE.validate(changes, creating=False)
        if is_exchange_managed(merge(group, clean)):
            raise MailEnabledGroupWrite("Update")
        members = self._binds(clean.pop("members@odata.bind", []), "members@odata.bind")
        owners = self._binds(clean.pop("owners@odata.bind", []), "owners@odata.bind")
        if len(members) > limits.GROUP_ADD_MEMBERS_MAX:
            raise TooManyReferences(
                limits.GROUP_ADD_MEMBERS_MAX, "members can be added in one request"
            )
        if "mailNickname" in clean and clean["mailNickname"] != group["mailNickname"]:
            self._check_nickname(clean["mailNickname"], exclude=id)
        if clean.get("membershipRule") is not None and is_dynamic(merge(group, clean)):
            compile_rule(clean["membershipRule"])
        if (
            clean.get("membershipRuleProcessingState") == "Paused"
            and group.get("membershipRuleProcessingState") != "Paused"
        ):
            clean["_frozenMembers"] = self.member_ids(id)
        updated = merge(group, clean)
        self.store.put(GROUP, id, updated)
        for member in members:
            self.add_link(id, "members", member)
        for owner in owners:
            self.add_link(id, "owners", owner)
        return self.group(id)

    def delete_group(self, id: str) -> None:
        """Soft-delete a group (restorable from /directory/deletedItems for 30 days)."""
        group = self.group(id)
        self.store.delete(GROUP, id)
        self.store.put(DELETED_GROUP, id, {**group, "deletedDateTime": self.tenant.clock.iso()})
        for listener in self.on_group_deleted:
            listener(group)

    def restore_group(self, id: str) -> Document:
        """Restore a soft-deleted group (its site comes back with it)."""
        deleted = self.deleted_group(id)
        self.store.delete(DELETED_GROUP, id)
        self.store.put(GROUP, id, {**deleted, "deletedDateTime": None})
        for listener in self.on_group_created:
            listener(self.group(id))
        return self.group(id)

    def deleted_group(self, id: str) -> Document:
        """One soft-deleted group."""
        return require(self.store, DELETED_GROUP, id, ObjectNotFound.resource)

    def purge_group(self, id: str) -> None:
        """Permanently delete a soft-deleted group (directory-deleteditems-delete)."""
        self.deleted_group(id)
        self.store.delete(DELETED_GROUP, id)

    def deleted_groups(self) -> list[Document]:
        """Soft-deleted groups."""
        return self.store.list(DELETED_GROUP)

    # membership ------------------------------------------------------------------------------

    def directory_object(self, id: str) -> tuple[str, Document]:
        """A user or group by id, with its kind."""
        for kind in (USER, GROUP):
            doc = self.store.get(kind, id)
            if doc is not None:
                return kind, doc
        raise ObjectNotFound.resource(id)

    def kinds_of(self, ids: list[str]) -> dict[str, str]:
        """Whether each id is a user's or a group's, without reading the objects; ids of
        neither are left out."""
        return self.store.kinds_of(ids, (USER, GROUP))

    def _links(self, group_id: str) -> Document:
        self.group(group_id)
        return self.store.get(LINKS, group_id) or {"members": [], "owners": []}

    def owner_ids(self, group_id: str) -> list[str]:
        """Owner object ids."""
        return list(self._links(group_id)["owners"])

    def member_ids(self, group_id: str) -> list[str]:
        """Member object ids; evaluated from the rule for a dynamic group."""
        group = self.group(group_id)
        if not is_dynamic(group):
            return list(self._links(group_id)["members"])
        if group.get("membershipRuleProcessingState") == "Paused":
            return list(group.get("_frozenMembers", []))
        return self._dynamic_members().get(group_id, [])

    def _dynamic_members(self) -> dict[str, list[str]]:
        seq = self.store.current_seq()
        if self._members_cache[0] == seq:
            return self._members_cache[1]
        users_seq = self.store.latest_seq((USER,))
        if self._rule_members[0] != users_seq:
            self._rule_members = (users_seq, {})
        # A rule reads user properties only, so its members change with the users alone, not
        # with every group written (a directorate's spaces often share one rule, too).
        by_rule = self._rule_members[1]
        users: list[Document] | None = None
        out: dict[str, list[str]] = {}
        for group in self.groups():
            text = group.get("membershipRule")
            if is_dynamic(group) and text:
                if text not in by_rule:
                    users = self.users() if users is None else users
                    rule = compile_rule(text)
                    by_rule[text] = [u["id"] for u in users if rule(u)]
                out[group["id"]] = by_rule[text]
        self._members_cache = (seq, out)
        return out

    def add_link(self, group_id: str, prop: str, object_id: str) -> None:
        """Add a member or owner; Graph's 400 if already there."""
        group = self.group(group_id)
        if prop == "members" and is_dynamic(group):
            raise DynamicMembershipReadOnly()
        self.directory_object(object_id)
        links = self._links(group_id)
        if object_id in links[prop]:
            raise DuplicateReference(prop)
        self._check_room(group, links, prop, object_id)
        links[prop].append(object_id)
        self.store.put(LINKS, group_id, links, parent=group_id)
        self._touch(group_id, prop, object_id, removed=False)

    def _check_room(self, group: Document, links: Document, prop: str, object_id: str) -> None:
        """Graph's caps on a group's links: owners per group, and people in a team's group
        (counted over the group's owners and static members)."""
        if prop == "owners" and len(links["owners"]) >= limits.GROUP_OWNERS_MAX:
            raise OwnerLimit()
        if is_unified(group) and self.tenant.teams.has_team(group["id"]):
            people = {*links["owners"], *links["members"]}
            if object_id not in people and len(people) >= limits.TEAM_MEMBERS_MAX:
                raise TeamMemberLimit()

    def remove_link(self, group_id: str, prop: str, object_id: str) -> None:
        """Remove a member or owner; 404 if not there."""
        group = self.group(group_id)
        if prop == "members" and is_dynamic(group):
            raise DynamicMembershipReadOnly()
        links = self._links(group_id)
        if object_id not in links[prop]:
            raise ObjectNotFound.resource(object_id)
        if (
            prop == "owners"
            and is_unified(group)
            and len(links["owners"]) == 1
            and self.tenant.teams.has_team(group_id)
        ):
            raise LastOwner()
        links[prop].remove(object_id)
        self.store.put(LINKS, group_id, links, parent=group_id)
        self._touch(group_id, prop, object_id, removed=True)

    def _touch(self, group_id: str, prop: str, object_id: str, removed: bool) -> None:
        """Record a link change for delta and bump the group's change sequence."""
        self.store.put(
            MEMBER_EVENT,
            new_id(),
            {"prop": prop, "id": object_id, "removed": removed, "at": time.time()},
            parent=group_id,
        )
        self.store.put(GROUP, group_id, self.group(group_id))

    def link_events(self, group_id: str, since_seq: int) -> list[Document]:
        """Member/owner changes of a group after a sequence number."""
        return [r.body for r in self.store.rows(MEMBER_EVENT, parent=group_id, since_seq=since_seq)]

    def link_time(self, group_id: str, prop: str, object_id: str) -> float | None:
        """When an object was last added as member or owner (for replication delay)."""
        times = [
            r.body["at"]
            for r in self.store.rows(MEMBER_EVENT, parent=group_id)
            if r.body["prop"] == prop and r.body["id"] == object_id and not r.body["removed"]
        ]
        return max(times) if times else None

    def groups_of(self, object_id: str) -> list[Document]:
        """Groups an object is a direct member of."""
        return [g for g in self.groups() if object_id in self.member_ids(g["id"])]

    # rendering ------------------------------------------------------------------------------

    def render_user(self, doc: Document, select: tuple[str, ...] = ()) -> dict[str, Any]:
        """A user's JSON with licences computed from direct and group assignments (only when
        the properties rendered include them)."""
        if _shows_licences(select):
            doc = {**doc, **self.tenant.licensing.user_view(doc)}
        return USER_SHAPE.render(doc, select)

    def render_group(self, doc: Document, select: tuple[str, ...] = ()) -> dict[str, Any]:
        """A group's JSON."""
        return GROUP_SHAPE.render(doc, select)

    def render_object(self, id: str, select: tuple[str, ...] = ()) -> dict[str, Any]:
        """A directory object with its ``@odata.type``, as in member and owner lists."""
        kind, doc = self.directory_object(id)
        body = self.render_user(doc, select) if kind == USER else self.render_group(doc, select)
        return {"@odata.type": f"#microsoft.graph.{kind}", **body}
