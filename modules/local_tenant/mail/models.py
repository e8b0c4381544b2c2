"""Mailboxes: when Exchange Online gives a user one, what its settings are, and its usage.

A user's mailbox is provisioned once a licence with an enabled Exchange mailbox plan reaches
the user, directly or through a group (learn.microsoft.com/graph/api/user-assignlicense,
/entra/identity/users/licensing-groups-assign), after `Behaviour.mailbox_provision_s` of
the tenant's clock. Removing the licence, or disabling the plan, disconnects the mailbox at
once: Graph answers MailboxNotEnabledForRESTAPI and the usage report shows it deleted. A
licence given back within `Behaviour.mailbox_retention_days` (Exchange keeps a disconnected
mailbox 30 days, learn.microsoft.com/microsoft-365/admin/manage/remove-licenses-from-users)
reconnects the same mailbox, settings and usage kept, after the provisioning delay; later,
a new empty one is made. Guests get no mailbox in the inviting tenant.

Transitions are observed after each write that can change who holds which licence
(`LICENCE_ROUTES`) and before each mailbox read, and stamped with the tenant's clock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from local_tenant.collection import merge
from local_tenant.directory.licensing import Basis
from local_tenant.directory.models import USER
from local_tenant.mail.exceptions import (
    InvalidMailboxArgument,
    InvalidTimeSettings,
    InvalidTimeZone,
    MailboxNotEnabled,
    ReadOnlySetting,
)
from local_tenant.storage import Document
from tenantctl.m365.mailbox import CULTURES, known_zone
from tenantctl.m365.skus import MAILBOX_PLANS, SKUS

if TYPE_CHECKING:
    from local_tenant.mail.host import MailHost

MAILBOX = "mailbox"
READ_ONLY = ("userPurpose", "archiveFolder")
LICENCE_ROUTES = frozenset(
    {
        "directory.users.assignLicense",
        "directory.users.delete",
        "directory.groups.assignLicense",
        "directory.groups.create",
        "directory.groups.update",
        "directory.groups.delete",
        "directory.groups.members.add",
        "directory.groups.members.remove",
        "directory.deletedItems.restore",
        "admin.objects.put",
        "admin.objects.patch",
        "admin.objects.bulk",
        "admin.objects.delete",
    }
)
"""Routes after whose writes the mailboxes are reconciled with the licences."""
_DAY_S = 86400.0
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday"]


def _plan_skus() -> dict[str, list[str]]:
    """skuId → the ids of its mailbox plans."""
    return {
        str(sku.sku_id): [str(id) for name, id in sku.plans.items() if name in MAILBOX_PLANS]
        for sku in SKUS.values()
    }


def default_settings(archive_folder: str) -> Document:
    """A new mailbox's settings as Exchange Online gives them (user-get-mailboxsettings)."""
    return {
        "archiveFolder": archive_folder,
        "automaticRepliesSetting": {
            "status": "disabled",
            "externalAudience": "all",
            "internalReplyMessage": "",
            "externalReplyMessage": "",
            "scheduledStartDateTime": {
                "dateTime": "2000-01-01T00:00:00.0000000",
                "timeZone": "UTC",
            },
            "scheduledEndDateTime": {
                "dateTime": "2000-01-02T00:00:00.0000000",
                "timeZone": "UTC",
            },
        },
        "dateFormat": CULTURES["en-US"].date_formats[0],
        "timeFormat": CULTURES["en-US"].time_formats[0],
        "timeZone": "UTC",
        "delegateMeetingMessageDeliveryOptions": "sendToDelegateOnly",
        "language": {"locale": "en-US", "displayName": CULTURES["en-US"].display_name},
        "userPurpose": "user",
        "workingHours": {
            "daysOfWeek": list(_WEEKDAYS),
            "startTime": "08:00:00.0000000",
            "endTime": "17:00:00.0000000",
            "timeZone": {"name": "UTC"},
        },
    }


class Mailboxes:
    """Mailbox lifecycle, settings and usage data, over the tenant store."""

    def __init__(self, tenant: MailHost) -> None:
        self.tenant = tenant
        self.store = tenant.store
        self._settled: tuple[Basis | None, float, float] = (None, 0.0, 0.0)
        """(the licences' basis, retention, time of the next retention expiry) as
        of the last reconcile: until one moves, reconciling again would change nothing (a
        tenant of thousands reads each mailbox without rescanning every user)."""

    # lifecycle --------------------------------------------------------------------------------

    def entitled(self) -> set[str]:
        """Ids of the member users holding an active licence with an enabled mailbox plan."""
        plans = _plan_skus()
        members = {
            id for id, kind in self.store.fields(USER, ("id", "userType")) if kind != "Guest"
        }
        out: set[str] = set()
        for user_id, states in self.tenant.licensing.states().items():
            if user_id not in members:
                continue
            for state in states:
                mailbox_plans = plans.get(state["skuId"], [])
                if state["state"] == "Active" and any(
                    p not in state["disabledPlans"] for p in mailbox_plans
                ):
                    out.add(user_id)
                    break
        return out

    def reconcile(self) -> None:
        """Stamp, with the tenant's clock, each user's gain or loss of a mailbox licence since
        the last look; forget mailboxes past retention."""
        now = self.tenant.clock.now().timestamp()
        basis = self.tenant.licensing.basis()
        retention = self.tenant.behaviour.mailbox_retention_days * _DAY_S
        if self._settled[:2] == (basis, retention) and now < self._settled[2]:
            return
        entitled = self.entitled()
        still_lost: list[float] = []
        known = {row[0]: row for row in self.store.fields(MAILBOX, ("id", "licensedAt", "lostAt"))}
        for user_id in entitled - set(known):
            self.store.put(MAILBOX, user_id, {"id": user_id, "licensedAt": now, "lostAt": None})
        for user_id, _, lost in known.values():
            holds = user_id in entitled
            if holds and lost is not None:
                doc = self._doc(user_id)
                if now - lost > retention:
                    doc = {"id": user_id}
                self.store.put(MAILBOX, user_id, {**doc, "licensedAt": now, "lostAt": None})
            elif not holds and lost is None:
                doc = self._doc(user_id)
                if self._created(doc, now) is None:
                    self.store.delete(MAILBOX, user_id)
                else:
                    self.store.put(MAILBOX, user_id, {**doc, "lostAt": now})
                    still_lost.append(now)
            elif not holds and now - lost > retention:
                self.store.delete(MAILBOX, user_id)
            elif not holds:
                still_lost.append(float(lost))
        expiry = min(still_lost, default=float("inf")) + retention
        self._settled = (basis, retention, expiry)

    def settle(self, user_ids: list[str]) -> None:
        """Give the users that hold a mailbox licence a mailbox made before now (seeding a
        tenant that has been running)."""
        before = (
            self.tenant.clock.now().timestamp() - self.tenant.behaviour.mailbox_provision_s - _DAY_S
        )
        entitled = self.entitled()
        for user_id in user_ids:
            if user_id in entitled and self.store.get(MAILBOX, user_id) is None:
                self.store.put(
                    MAILBOX, user_id, {"id": user_id, "licensedAt": before, "lostAt": None}
                )

    def _doc(self, user_id: str) -> Document:
        return self.store.get(MAILBOX, user_id) or {"id": user_id}

    def _created(self, doc: Document, now: float) -> float | None:
        """When the mailbox was (or is) provisioned, if it has been by ``now``."""
        if doc.get("createdAt") is not None:
            return float(doc["createdAt"])
        licensed = doc.get("licensedAt")
        if licensed is None:
            return None
        ready = float(licensed) + self.tenant.behaviour.mailbox_provision_s
        return ready if ready <= now else None

    def mailbox(self, key: str) -> Document:
        """The user's connected mailbox (its document, provisioned on first sight), or
        MailboxNotEnabled. Runs outside a route's transaction: what reconciling observed
        is kept even when the answer is an error."""
        user = self.tenant.directory.user(key)
        with self.store.transaction():
            self.reconcile()
        doc = self.store.get(MAILBOX, user["id"])
        now = self.tenant.clock.now().timestamp()
        if doc is None or doc.get("lostAt") is not None:
            raise MailboxNotEnabled()
        ready = float(doc["licensedAt"]) + self.tenant.behaviour.mailbox_provision_s
        if ready > now:
            raise MailboxNotEnabled()
        if doc.get("settings") is None:
            doc = {
                **doc,
                "createdAt": doc.get("createdAt") or ready,
                "settings": default_settings(self.tenant.stable_id("archiveFolder", user["id"])),
            }
            with self.store.transaction():
                self.store.put(MAILBOX, user["id"], doc)
        return doc

    def reported(self) -> list[tuple[Document, Document]]:
        """(user, mailbox) for every mailbox made and not yet purged, connected or not."""
        with self.store.transaction():
            self.reconcile()
        now = self.tenant.clock.now().timestamp()
        out: list[tuple[Document, Document]] = []
        for doc in self.store.list(MAILBOX):
            created = self._created(doc, now)
            user = self.store.get(USER, doc["id"])
            if created is not None and user is not None:
                out.append((user, {**doc, "createdAt": created}))
        return out

    # settings ---------------------------------------------------------------------------------

    def settings(self, key: str) -> Document:
        """GET /users/{id}/mailboxSettings."""
        return dict(self.mailbox(key)["settings"])

    def update_settings(self, key: str, changes: Document) -> Document:
        """PATCH /users/{id}/mailboxSettings: Exchange's checks, then the changed properties
        (nested objects merged) as Graph answers them."""
        doc = self.mailbox(key)
        current: Document = doc["settings"]
        changes = {k: v for k, v in changes.items() if not k.startswith("@odata.")}
        for name in READ_ONLY:
            if name in changes:
                raise ReadOnlySetting(name)
        updated = merge(current, changes)
        if "language" in changes:
            locale = (updated.get("language") or {}).get("locale")
            culture = CULTURES.get(locale) if isinstance(locale, str) else None
            if culture is None:
                raise InvalidMailboxArgument(
                    f"The language '{locale}' isn't supported. Choose one of supportedLanguages."
                )
            updated["language"] = {"locale": locale, "displayName": culture.display_name}
            if locale != current["language"]["locale"]:
                if "dateFormat" not in changes:
                    updated["dateFormat"] = culture.date_formats[0]
                if "timeFormat" not in changes:
                    updated["timeFormat"] = culture.time_formats[0]
        _normalise_hours(updated)
        _check_formats(updated)
        _check_time_zones(updated)
        doc["settings"] = updated
        with self.store.transaction():
            self.store.put(MAILBOX, doc["id"], doc)
        touched = set(changes) | ({"dateFormat", "timeFormat"} if "language" in changes else set())
        return {k: updated[k] for k in updated if k in touched}

    # usage ------------------------------------------------------------------------------------

    def set_usage(self, key: str, usage: Document) -> Document:
        """Seed a mailbox's usage figures (admin API); the user needs a mailbox document."""
        user = self.tenant.directory.user(key)
        self.reconcile()
        doc = self.store.get(MAILBOX, user["id"])
        if doc is None:
            raise MailboxNotEnabled()
        doc = {**doc, "usage": {**(doc.get("usage") or {}), **usage}}
        self.store.put(MAILBOX, user["id"], doc)
        return dict(doc["usage"])


def _normalise_hours(settings: Document) -> None:
    """Working hours' times as Graph answers them, seven fractional digits whatever the
    request wrote ("08:30" reads back "08:30:00.0000000"; the resources/workinghours page's
    examples), so that they compare as times."""
    hours = settings.get("workingHours")
    if not isinstance(hours, dict):
        return
    for name in ("startTime", "endTime"):
        value = hours.get(name)
        if isinstance(value, str):
            clock, _, fraction = value.partition(".")
            hh, mm, *ss = clock.split(":")
            hours[name] = f"{hh}:{mm}:{(ss or ['00'])[0]}.{fraction.ljust(7, '0')[:7]}"


def _check_formats(settings: Document) -> None:
    locale = settings["language"]["locale"]
    culture = CULTURES[locale]
    for prop, label, allowed in (
        ("dateFormat", "DateFormat", culture.date_formats),
        ("timeFormat", "TimeFormat", culture.time_formats),
    ):
        if settings.get(prop) not in allowed:
            raise InvalidMailboxArgument(
                f'{label} "{settings.get(prop)}" isn\'t valid for current language setting '
                f'"{locale}". Valid formats include "{", ".join(allowed)}".'
            )


def _check_time_zones(settings: Document) -> None:
    if not isinstance(settings.get("timeZone"), str) or not known_zone(settings["timeZone"]):
        raise InvalidTimeZone()
    hours: dict[str, Any] = settings.get("workingHours") or {}
    zone = hours.get("timeZone") or {}
    custom = str(zone.get("@odata.type", "")).endswith("customTimeZone")
    if not custom and not known_zone(str(zone.get("name", ""))):
        raise InvalidTimeZone()
    if str(hours.get("startTime", "")) >= str(hours.get("endTime", "")):
        raise InvalidTimeSettings()
