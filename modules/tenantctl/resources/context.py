"""What operations get to work with: the shared Graph client and directory look-ups."""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterable
from dataclasses import dataclass, field

from tenantctl.graph import BatchItem, GraphClient, GraphError
from tenantctl.m365 import reads

GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")


_USER_IDS: weakref.WeakKeyDictionary[GraphClient, dict[str, str]] = weakref.WeakKeyDictionary()
"""UPN (lower case) to object id, per shared client: every resource of a `pulumi up` names the
same owners and members, and a user's object id does not change."""


def is_guid(value: str) -> bool:
    return bool(GUID.match(value))


def user_ref(base_url: str, user_id: str) -> str:
    """The `@odata.bind` / `@odata.id` URL of a directory object."""
    return f"{base_url}/directoryObjects/{user_id}"


@dataclass
class Context:
    """One provider call's view of Graph."""

    client: GraphClient
    site_ids: dict[str, str] = field(default_factory=dict)
    """SharePoint SiteId by site URL, as read earlier in this call (a site's adoption read
    precedes the write that needs its id)."""

    @property
    def base_url(self) -> str:
        return self.client.settings.base_url

    async def user_ids(self, users: Iterable[str]) -> dict[str, str]:
        """Object ids of users given by UPN or id (ids map to themselves), in one batch; a user
        Graph does not find is `userNotFound`, any other refusal Graph's own error."""
        users = list(users)
        known = _USER_IDS.setdefault(self.client, {})
        ids = {user: user for user in users if is_guid(user)}
        ids.update({user: known[user.lower()] for user in users if user.lower() in known})
        wanted = sorted({user for user in users if user not in ids})
        items = [
            BatchItem(str(n), "GET", f"/{reads.USER.url(upn)}?$select=id,userPrincipalName")
            for n, upn in enumerate(wanted)
        ]
        results = await self.client.batch(items) if items else {}
        for n, upn in enumerate(wanted):
            result = results[str(n)]
            if result.status == 404:
                raise GraphError("GET", f"/users/{upn}", 404, "userNotFound", f"no user {upn}")
            if result.status >= 400:  # Graph's own answer: a refused permission, a bad request
                raise GraphError.from_body("GET", f"/users/{upn}", result.status, result.body)
            ids[upn] = known[upn.lower()] = str(result.body["id"])
        return ids

    async def user_names(self, ids: Iterable[str]) -> dict[str, str]:
        """User principal names (lower case) of object ids; unknown ids map to themselves."""
        wanted = sorted(set(ids))
        items = [
            BatchItem(str(n), "GET", f"/{reads.USER.url(user_id)}?$select=id,userPrincipalName")
            for n, user_id in enumerate(wanted)
        ]
        results = await self.client.batch(items) if items else {}
        names = {}
        for n, user_id in enumerate(wanted):
            body = results[str(n)].body
            found = results[str(n)].status < 400 and isinstance(body, dict)
            names[user_id] = str(body["userPrincipalName"]).lower() if found else user_id
        return names

    async def as_given(self, live_ids: Iterable[str], given: Iterable[str]) -> list[str]:
        """Live member ids written the way the inputs wrote them (UPN or id), sorted."""
        given = list(given)
        by_id = {user_id: name for name, user_id in (await self.user_ids(given)).items()}
        unknown = [user_id for user_id in live_ids if user_id not in by_id]
        names = await self.user_names(unknown) if unknown else {}
        return sorted(by_id.get(user_id) or names[user_id] for user_id in live_ids)
