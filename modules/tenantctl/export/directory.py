"""People as the description names them: agents by UPN with their directorate, guests by mail."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tenantctl.export.mapping import ExportMapping
from tenantctl.model.schema import Person


class Unresolved(Exception):
    """Someone or something the description cannot name; the message says why."""


@dataclass
class People:
    """Resolves directory object ids to the model's people, collecting those named."""

    users: dict[str, dict[str, Any]]
    mapping: ExportMapping
    directorates: set[str]
    named: dict[str, Person] = field(default_factory=dict)
    _by_upn: dict[str, str] | None = field(default=None, init=False, repr=False)

    def is_guest(self, user_id: str) -> bool:
        return (self.users.get(user_id) or {}).get("userType") == "Guest"

    def guest_mail(self, user_id: str) -> str:
        """A guest's e-mail address, the key the model knows guests by."""
        user = self.users.get(user_id) or {}
        mail = user.get("mail")
        if not mail:
            raise Unresolved(f"guest {user.get('displayName', user_id)} has no e-mail address")
        return str(mail).lower()

    def agent(self, user_id: str) -> Person:
        """The agent with this id, as a person of the description."""
        user = self.users.get(user_id)
        if user is None:
            raise Unresolved(f"member {user_id} is not a user (a nested group or a device)")
        upn = str(user["userPrincipalName"])
        known = self.named.get(upn.lower())
        if known is not None:
            return known
        department = user.get("department")
        code = self.mapping.directorate_of(department)
        if code is None:
            raise Unresolved(f"{upn}: department {department!r} is not in the mapping")
        if code not in self.directorates:
            raise Unresolved(f"{upn}: directorate {code} has no agents group in the tenant")
        person = Person(
            upn=upn,
            display_name=user.get("displayName") or upn,
            directorate=code,
            job_title=user.get("jobTitle") or "",
        )
        self.named[upn.lower()] = person
        return person

    def named_agents(self, upns: tuple[str, ...]) -> tuple[str, ...]:
        """Agents given by UPN, in the order a membership rule names them (the rule is
        written back the same way, so adopting it changes nothing)."""
        if self._by_upn is None:
            self._by_upn = {
                str(u.get("userPrincipalName")).lower(): uid for uid, u in self.users.items()
            }
        agents = []
        for upn in upns:
            user_id = self._by_upn.get(upn.lower())
            if user_id is None or self.is_guest(user_id):
                raise Unresolved(f"the membership rule names {upn}, who is not an agent")
            agents.append(self.agent(user_id).upn)
        return tuple(agents)

    def upns(self, user_ids: list[str], *, guests_apart: bool = False) -> tuple[str, ...]:
        """UPNs of agents, sorted (Graph's order is not stable); a guest among them is
        unresolved unless `guests_apart` (the caller then names the guests itself)."""
        if not guests_apart and (guest := next(filter(self.is_guest, user_ids), None)):
            raise Unresolved(f"guest {self.guest_mail(guest)} is a member; only spaces have guests")
        agents = (self.agent(uid).upn for uid in user_ids if not self.is_guest(uid))
        return tuple(sorted(agents, key=str.lower))

    def name(self, user_id: str) -> str:
        """How the description names anyone: a guest by e-mail, an agent by UPN."""
        return self.guest_mail(user_id) if self.is_guest(user_id) else self.agent(user_id).upn
