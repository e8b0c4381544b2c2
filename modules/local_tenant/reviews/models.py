"""Access reviews of a group's members, guests in particular.

Behaviour follows learn.microsoft.com/graph/api/resources/accessreviewscheduledefinition,
accessreviewset-post-definitions (a review of a group's guests: scope
``/groups/{id}/transitiveMembers/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')``,
reviewers ``/groups/{id}/owners``), accessreviewscheduledefinition-update (PUT of the whole
definition, 204; the scope cannot change), -delete, -list-instances,
resources/accessreviewinstance (an instance per occurrence of the recurrence, `schedule`),
accessreviewinstance-list-decisions and resources/accessreviewscheduledefinition's settings:
when an instance ends, a principal nobody reviewed takes ``defaultDecision`` (``Approve`` or
``Deny``; ``Recommendation`` is not modelled and leaves it NotReviewed) if
``defaultDecisionEnabled``, and with ``autoApplyDecisionsEnabled`` every denied principal is
removed from the group. Instances start and end only when the tenant's clock moves
(`local_tenant.clock`) or a definition is written. Reviewers record decisions through the admin
API (``/_admin/accessReviews/decisions``): Graph's own decision update is delegated-only.

Not modelled: multi-stage reviews, reviews of other resources (applications, access packages,
roles), recommendations, notifications and reviewer reminders.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import TYPE_CHECKING, Any

from local_tenant.clock import iso, parse
from local_tenant.collection import require
from local_tenant.directory.models import USER
from local_tenant.errors import BadRequest, NotFound
from local_tenant.protocol import new_id
from local_tenant.reviews.schedule import Schedule, ScheduleError, schedule
from local_tenant.storage import Document

if TYPE_CHECKING:
    from local_tenant.reviews.host import ReviewsHost

DEFINITION = "reviewdefinition"
INSTANCE = "reviewinstance"
DECISION = "reviewdecision"
DEFAULT_DECISIONS = ("Approve", "Deny", "Recommendation", "None")
DECISIONS = ("Approve", "Deny", "DontKnow")
NOBODY = {"id": "00000000-0000-0000-0000-000000000000", "displayName": "", "userPrincipalName": ""}
_SCOPE = re.compile(
    r"^/groups/(?P<group>[0-9a-fA-F-]{36})/(?P<nav>transitiveMembers|members)"
    r"(?P<cast>/microsoft\.graph\.user)?/?(?:\?(?P<query>.*))?$"
)
_GUESTS = re.compile(r"userType\s+eq\s+'Guest'", re.IGNORECASE)
_OWNERS = re.compile(r"^/groups/(?P<group>[0-9a-fA-F-]{36})/owners/?$")
_USER = re.compile(r"^/users/(?P<user>[0-9a-fA-F-]{36})/?$")
_UPDATABLE = (
    "displayName",
    "descriptionForAdmins",
    "descriptionForReviewers",
    "reviewers",
    "fallbackReviewers",
    "settings",
    "additionalNotificationRecipients",
)


class InvalidReview(BadRequest):
    """400 for an access review definition Graph refuses."""


def _properties(body: Document) -> Document:
    return {k: v for k, v in body.items() if not k.startswith("@") and k != "id"}


class AccessReviews:
    """Access review definitions, their instances and decisions."""

    def __init__(self, tenant: ReviewsHost) -> None:
        self.tenant = tenant
        self.store = tenant.store
        tenant.clock.listeners.append(self.run)

    # definitions ------------------------------------------------------------------------------

    def definitions(self) -> list[Document]:
        """Every definition."""
        return self.store.list(DEFINITION)

    def definition(self, id: str) -> Document:
        """One definition."""
        return require(self.store, DEFINITION, id, NotFound.resource)

    def create(self, body: Document) -> Document:
        """POST /identityGovernance/accessReviews/definitions."""
        now = self.tenant.clock.iso()
        doc: Document = {
            "id": new_id(),
            "displayName": None,
            "descriptionForAdmins": None,
            "descriptionForReviewers": None,
            "createdDateTime": now,
            "lastModifiedDateTime": now,
            "status": "NotStarted",
            "createdBy": None,
            "scope": None,
            "instanceEnumerationScope": None,
            "reviewers": [],
            "fallbackReviewers": [],
            "additionalNotificationRecipients": [],
            "settings": None,
            **_properties(body),
        }
        self._check(doc)
        if schedule(doc["settings"]).start < self.tenant.clock.now().date():
            raise InvalidReview("settings.recurrence.range.startDate is in the past.")
        self.store.put(DEFINITION, doc["id"], doc)
        self._run_one(doc, self.tenant.clock.now())
        return self.definition(doc["id"])

    def replace(self, id: str, body: Document) -> None:
        """PUT .../definitions/{id}: the updatable properties; the scope stays."""
        doc = self.definition(id)
        clean = _properties(body)
        if "scope" in clean and _query(clean["scope"]) != _query(doc["scope"]):
            raise InvalidReview("The scope of an access review cannot be changed.")
        updated = {**doc, **{k: clean[k] for k in _UPDATABLE if k in clean}}
        updated["lastModifiedDateTime"] = self.tenant.clock.iso()
        self._check(updated)
        if schedule(updated["settings"]).start != schedule(doc["settings"]).start:
            raise InvalidReview("The startDate of an access review series cannot be changed.")
        self.store.put(DEFINITION, id, updated)
        self._run_one(updated, self.tenant.clock.now())

    def delete(self, id: str) -> None:
        """DELETE .../definitions/{id}, with its instances and decisions."""
        self.definition(id)
        for instance in self.store.list(INSTANCE, parent=id):
            for decision in self.store.list(DECISION, parent=instance["id"]):
                self.store.delete(DECISION, decision["id"])
            self.store.delete(INSTANCE, instance["id"])
        self.store.delete(DEFINITION, id)

    def _check(self, doc: Document) -> None:
        if not doc.get("displayName"):
            raise InvalidReview("An access review needs a displayName.")
        self._group(doc)
        for reviewer in [*(doc.get("reviewers") or []), *(doc.get("fallbackReviewers") or [])]:
            self._reviewer(reviewer)
        settings = doc.get("settings")
        if not isinstance(settings, dict):
            raise InvalidReview("An access review needs settings (recurrence and duration).")
        if settings.get("defaultDecision", "None") not in DEFAULT_DECISIONS:
            raise InvalidReview(
                f"settings.defaultDecision '{settings.get('defaultDecision')}' is not one of "
                f"{', '.join(DEFAULT_DECISIONS)} (to remove guests nobody reviewed, use 'Deny' "
                "with autoApplyDecisionsEnabled)."
            )
        try:
            schedule(settings)
        except ScheduleError as exc:
            raise InvalidReview(str(exc)) from exc

    def _group(self, doc: Document) -> tuple[str, bool]:
        """The reviewed group's id, and whether only its guests are reviewed."""
        query = _query(doc.get("scope"))
        found = _SCOPE.match(query or "")
        if found is None:
            raise InvalidReview(
                "scope.query must name a group's members, such as /groups/{id}/transitiveMembers"
                "/microsoft.graph.user/?$count=true&$filter=(userType eq 'Guest')."
            )
        group = found["group"]
        self.tenant.directory.group(group)
        return group, bool(_GUESTS.search(found["query"] or ""))

    def _reviewer(self, reviewer: Any) -> None:
        query = _query(reviewer)
        owners, user = _OWNERS.match(query or ""), _USER.match(query or "")
        if owners is not None:
            self.tenant.directory.group(owners["group"])
        elif user is not None:
            self.tenant.directory.user(user["user"])
        else:
            raise InvalidReview(
                f"Reviewer query '{query}' must be /groups/{{id}}/owners or /users/{{id}}."
            )

    # instances over time ----------------------------------------------------------------------

    def run(self, now: datetime) -> None:
        """Start and end every instance due by ``now``."""
        for doc in self.definitions():
            self._run_one(doc, now)

    def _run_one(self, doc: Document, now: datetime) -> None:
        plan = schedule(doc["settings"])
        instances = {i["startDateTime"]: i for i in self.store.list(INSTANCE, parent=doc["id"])}
        started = ended = 0
        for start in plan.starts():
            if start > now:
                break
            instance = instances.get(iso(start)) or self._start(doc, start, plan)
            started += 1
            if instance["status"] == "InProgress" and parse(instance["endDateTime"]) <= now:
                instance = self._end(doc, instance)
            ended += instance["status"] != "InProgress"
        status = "NotStarted" if not started else "InProgress"
        if started and started == ended and _finished(plan, now):
            status = "Completed"
        if doc["status"] != status:
            self.store.put(DEFINITION, doc["id"], {**doc, "status": status})

    def _start(self, doc: Document, start: datetime, plan: Schedule) -> Document:
        group_id, guests_only = self._group(doc)
        instance: Document = {
            "id": new_id(),
            "startDateTime": iso(start),
            "endDateTime": iso(start + plan.duration),
            "status": "InProgress",
            "scope": doc["scope"],
            "reviewers": doc.get("reviewers") or [],
            "fallbackReviewers": doc.get("fallbackReviewers") or [],
            "_definitionId": doc["id"],
        }
        self.store.put(INSTANCE, instance["id"], instance, parent=doc["id"])
        group = self.tenant.directory.group(group_id)
        for user in self._principals(group_id, guests_only):
            decision: Document = {
                "id": new_id(),
                "accessReviewId": instance["id"],
                "decision": "NotReviewed",
                "recommendation": "NotAvailable",
                "justification": "",
                "reviewedDateTime": None,
                "reviewedBy": dict(NOBODY),
                "applyResult": "New",
                "appliedDateTime": None,
                "appliedBy": dict(NOBODY),
                "principal": {
                    "@odata.type": "#microsoft.graph.userIdentity",
                    "id": user["id"],
                    "displayName": user.get("displayName"),
                    "userPrincipalName": user.get("userPrincipalName"),
                },
                "principalLink": f"https://graph.microsoft.com/v1.0/users/{user['id']}",
                "resource": {"id": group_id, "displayName": group["displayName"], "type": "group"},
                "resourceLink": f"https://graph.microsoft.com/v1.0/groups/{group_id}",
                "_groupId": group_id,
            }
            self.store.put(DECISION, decision["id"], decision, parent=instance["id"])
        return instance

    def _principals(self, group_id: str, guests_only: bool) -> list[Document]:
        """The group's users, through nested groups (transitiveMembers)."""
        directory, seen, users = self.tenant.directory, {group_id}, []
        pending = [group_id]
        while pending:
            for member in directory.member_ids(pending.pop()):
                kind, doc = directory.directory_object(member)
                if kind == USER and doc not in users:
                    users.append(doc)
                elif kind != USER and member not in seen:
                    seen.add(member)
                    pending.append(member)
        return [u for u in users if not guests_only or u.get("userType") == "Guest"]

    def _end(self, doc: Document, instance: Document) -> Document:
        settings = doc["settings"]
        default = (
            settings.get("defaultDecision") if settings.get("defaultDecisionEnabled") else None
        )
        apply = bool(settings.get("autoApplyDecisionsEnabled"))
        when = instance["endDateTime"]
        for decision in self.store.list(DECISION, parent=instance["id"]):
            if decision["decision"] == "NotReviewed" and default in ("Approve", "Deny"):
                decision = {**decision, "decision": default, "reviewedDateTime": when}
            if apply:
                decision = self._apply(decision, when)
            self.store.put(DECISION, decision["id"], decision, parent=instance["id"])
        ended = {**instance, "status": "Applied" if apply else "Completed"}
        self.store.put(INSTANCE, instance["id"], ended, parent=doc["id"])
        return ended

    def _apply(self, decision: Document, when: str) -> Document:
        """Remove a denied principal from the group (an approved one keeps its access)."""
        directory, group, user = self.tenant.directory, decision["_groupId"], decision["principal"]
        if decision["decision"] == "Deny" and user["id"] in directory.member_ids(group):
            directory.remove_link(group, "members", user["id"])
        result = (
            "AppliedSuccessfully" if decision["decision"] in ("Approve", "Deny") else "NotApplied"
        )
        return {**decision, "applyResult": result, "appliedDateTime": when}

    # reads and reviewers' decisions -----------------------------------------------------------

    def instances(self, definition_id: str) -> list[Document]:
        """A definition's instances."""
        self.definition(definition_id)
        return self.store.list(INSTANCE, parent=definition_id)

    def instance(self, definition_id: str, id: str) -> Document:
        """One instance of a definition."""
        self.definition(definition_id)
        found = self.store.get(INSTANCE, id)
        if found is None or found["_definitionId"] != definition_id:
            raise NotFound.resource(id)
        return found

    def decisions(self, definition_id: str, instance_id: str) -> list[Document]:
        """An instance's decisions."""
        self.instance(definition_id, instance_id)
        return self.store.list(DECISION, parent=instance_id)

    def record(self, body: Document) -> Document:
        """A reviewer's decision on one principal of an instance in progress (admin API)."""
        instance_id, principal = body.get("instanceId"), body.get("principalId")
        decision, reviewer = body.get("decision"), body.get("reviewerId")
        if decision not in DECISIONS:
            raise BadRequest(f"decision must be one of {', '.join(DECISIONS)}.")
        instance = self.store.get(INSTANCE, str(instance_id))
        if instance is None:
            raise NotFound.resource(str(instance_id))
        if instance["status"] != "InProgress":
            raise BadRequest(f"Instance {instance_id} is {instance['status']}, not InProgress.")
        for item in self.store.list(DECISION, parent=instance["id"]):
            if item["principal"]["id"] == principal:
                who = self.tenant.directory.user(str(reviewer)) if reviewer else None
                reviewed_by = (
                    {
                        "id": who["id"],
                        "displayName": who.get("displayName"),
                        "userPrincipalName": who.get("userPrincipalName"),
                    }
                    if who
                    else dict(NOBODY)
                )
                updated = {
                    **item,
                    "decision": decision,
                    "justification": str(body.get("justification") or ""),
                    "reviewedBy": reviewed_by,
                    "reviewedDateTime": self.tenant.clock.iso(),
                }
                self.store.put(DECISION, item["id"], updated, parent=instance["id"])
                return updated
        raise NotFound(f"Principal {principal} is not reviewed in instance {instance_id}.")


def _query(scope: Any) -> str | None:
    return scope.get("query") if isinstance(scope, dict) else None


def _finished(plan: Schedule, now: datetime) -> bool:
    """Whether the series has no occurrence left after ``now``."""
    return all(start <= now for start in plan.starts()) if plan.occurrences or plan.end else False
