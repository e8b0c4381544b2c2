"""The resources a stack declares, streamed from `pulumi stack export` (deployment v3) or from
the file backend's checkpoint (`tenantctl.drift.checkpoint`).

The export holds `deployment.resources`, the checkpoint `checkpoint.latest.resources` (gzip
compressed when its name ends in `.gz`), each with `urn`, `type`, `id`, `inputs`, `outputs`
and `parent`. The toolkit's Graph resource kinds are compared, and so are
pulumi-azuread's groups, licences and invitations (`groupProvider: azuread`), each read as its
Graph-layer twin (tenantctl.jobs.azuread); other resources are counted as not checked.

The document is never held whole: `ijson` yields one resource at a time, so a first pass
(`index_state`) keeps only the compact facts the bulk reads need before they start, and a
second (`declared`) hands the resources to the reads as they are compared.
"""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import ijson

from tenantctl.components.labels import component_label
from tenantctl.jobs.azuread import TWINS
from tenantctl.jobs.pulumi_cli import JobError
from tenantctl.jobs.urns import kind_of, name_of, visible
from tenantctl.resources.context import is_guid
from tenantctl.resources.registry import SPECS
from tenantctl.resources.resource import TYPE_PREFIX

RESOURCES = {
    "deployment": "deployment.resources.item",
    "checkpoint": "checkpoint.latest.resources.item",
}
"""Where the resources are, by the document's top-level key: an export's, a checkpoint's."""
OWNED_KINDS = frozenset(
    {contents.kind for spec in SPECS.values() for contents in spec.contents}
    | {kind for kind, spec in SPECS.items() if spec.owns_all is not None}
)
"""Kinds of which the stack owns every object in some scope (a team's channels): their
declared ids tell drift which of the live ones were added by hand."""
USER_PROPERTIES = ("owners", "members", "user")
"""The inputs that name users, by user principal name or id: a group's or a private channel's
owners and members, a team member's user (a pulumi-azuread twin names its own, `users`)."""


@dataclass(frozen=True)
class Declared:
    """One Graph resource of the stack, as its last deployment left it: a pulumi-azuread one
    as its Graph-layer twin (kind, id and properties), whose `users` properties name users by
    object id rather than by user principal name."""

    urn: str
    kind: str
    id: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    component: str
    users: tuple[str, ...] = ()

    @property
    def name(self) -> str:
        return name_of(self.urn)

    @property
    def props(self) -> dict[str, Any]:
        """What a provider's read is given: the outputs (a superset of the inputs)."""
        return {**self.inputs, **self.outputs}


@dataclass
class StateIndex:
    """What the reads must know before the first one starts, from one pass over the state.

    It grows with the stack (a few strings per declared resource) but holds no inputs or
    outputs: the object ids and user names the reads will ask for, the declared groups'
    ids and naming prefixes (for unmanaged groups), the ids of the `OWNED_KINDS`' objects
    and the kinds declared (for objects added by hand), and the counts of the report.
    """

    count: int = 0
    skipped: int = 0
    ids: set[str] = field(default_factory=set)
    """Declared object ids, and the ids and user names (lower case) their inputs name."""
    owned: set[str] = field(default_factory=set)
    """Ids (lower case) of the declared objects of `OWNED_KINDS`."""
    kinds: set[str] = field(default_factory=set)
    """The kinds declared (a tenant-wide listing is read only for a kind the stack has)."""
    group_ids: set[str] = field(default_factory=set)
    prefixes: set[str] = field(default_factory=set)
    """`mtl-` of a declared group's mailNickname `MTL-DRH-equipe`."""
    users: set[str] = field(default_factory=set)
    """The users the inputs name (lower case): user principal names, and object ids where
    pulumi-azuread names users by id."""
    memberships: dict[str, str] = field(default_factory=dict)
    """A declared team membership's id, and its user's object id (`user_id`)."""

    def managed_elsewhere(self, other: StateIndex) -> None:
        """Count the objects another stack declares (another shard of a split tenant) as
        managed: in this stack's naming scope or tenant-wide listings, they are not
        unmanaged; they are neither read nor counted here."""
        self.owned |= other.owned
        self.group_ids |= other.group_ids

    def add(self, resource: Declared) -> None:
        self.count += 1
        id_ = lower(resource.id)
        self.ids.add(id_)
        self.kinds.add(resource.kind)
        if resource.kind in OWNED_KINDS:
            self.owned.add(id_)
        self.ids.update(_references(resource.inputs))
        for name in (*USER_PROPERTIES, *resource.users):
            self.users.update(_references({name: resource.inputs.get(name)}))
        user_id = resource.outputs.get("user_id")
        if resource.kind == "TeamMember" and isinstance(user_id, str):
            self.memberships[resource.id] = user_id
        if resource.kind == "Group":
            self.group_ids.add(resource.id)
            nickname = str(resource.inputs.get("mail_nickname", ""))
            self.prefixes.add(nickname.split("-", 1)[0].lower() + "-")


def index_state(path: Path) -> StateIndex:
    """One pass over the export document at `path`."""
    index = StateIndex()
    for resource in _resources(path):
        checked = _checked(resource)
        if checked is None:
            continue
        if checked:
            index.add(_declared(resource))
        else:
            index.skipped += 1
    return index


def declared(path: Path) -> Iterator[Declared]:
    """The Graph resources of the export document at `path`, one at a time, in its order."""
    for resource in _resources(path):
        if _checked(resource):
            yield _declared(resource)


def _resources(path: Path) -> Iterator[dict[str, Any]]:
    """The resources of an export or a checkpoint, streamed; a `JobError` for a file that is
    neither."""
    seen = False
    with _open(path) as document:
        try:
            prefix = _prefix(document)
            document.seek(0)
            for position, resource in enumerate(ijson.items(document, prefix, use_float=True)):
                seen = True
                problem = _malformed(resource)
                if problem:
                    raise JobError(
                        f"{path}: {prefix.removesuffix('.item')}[{position}] is not a Pulumi "
                        f"resource ({problem}); give --state the `pulumi stack export` of the stack"
                    )
                yield resource
            if not seen:
                document.seek(0)
                keys = ijson.kvitems(document, "")
                deployment = next((v for key, v in keys if key in RESOURCES), None)
                if prefix.startswith("checkpoint"):
                    deployment = (deployment or {}).get("latest") or {}
                if not isinstance(deployment, dict):
                    raise JobError("not a `pulumi stack export` document (no deployment)")
                if not isinstance(deployment.get("resources", []), list | None):
                    raise JobError(f"{path}: deployment.resources is not a list of resources")
        except (ijson.JSONError, OSError, EOFError) as error:
            reason = str(error).strip().splitlines()[0] if str(error).strip() else "unreadable"
            raise JobError(f"{path} is not JSON: {reason}") from None


def _open(path: Path) -> IO[bytes] | gzip.GzipFile:
    """The document's bytes, decompressed when it is a gzip file."""
    if path.name.endswith(".gz"):
        return gzip.open(path, "rb")
    return path.open("rb")


def _prefix(document: IO[bytes] | gzip.GzipFile) -> str:
    """Where the document's resources are: after its first top-level key that names them (an
    export's `deployment` by default)."""
    for parent, event, value in ijson.parse(document):
        if parent == "" and event == "map_key" and value in RESOURCES:
            return RESOURCES[str(value)]
        if parent == "" and event == "map_key" and value != "version":
            break
    return RESOURCES["deployment"]


FIELD_TYPES: dict[str, type | tuple[type, ...]] = {
    "urn": str,
    "type": str,
    "id": str,
    "parent": str,
    "custom": bool,
    "inputs": dict,
    "outputs": dict,
}
"""The fields of a state resource drift reads, and the JSON types Pulumi writes them as."""


def _malformed(resource: Any) -> str | None:
    """What makes a `deployment.resources` item no resource Pulumi writes, if anything."""
    if not isinstance(resource, dict):
        return f"a {type(resource).__name__}, not an object"
    for key, kind in FIELD_TYPES.items():
        value = resource.get(key)
        if value is not None and not isinstance(value, kind):
            return f"'{key}' is a {type(value).__name__}"
    urn = resource.get("urn")
    if not (isinstance(urn, str) and urn.startswith("urn:pulumi:") and urn.count("::") >= 3):
        return "no 'urn' of the form urn:pulumi:STACK::PROJECT::TYPE::NAME"
    twin = TWINS.get(str(resource.get("type")))
    problems = [
        f"{part}: {problem}"
        for part in ("inputs", "outputs")
        if twin is not None and (problem := twin.misshapen(resource.get(part) or {}))
    ]
    return problems[0] if problems else None


def _checked(resource: dict[str, Any]) -> bool | None:
    """True for a Graph resource drift compares, False for another one it counts as not
    checked, None for what is no resource of the tenant (components, providers)."""
    type_ = str(resource.get("type", ""))
    if not resource.get("custom") or type_.startswith("pulumi:providers:"):
        return None
    graph = type_.startswith(TYPE_PREFIX) and kind_of(type_) in SPECS
    return (graph or type_ in TWINS) and bool(resource.get("id"))


def _declared(resource: dict[str, Any]) -> Declared:
    type_, id_ = str(resource["type"]), str(resource["id"])
    inputs, outputs = visible(resource.get("inputs")), visible(resource.get("outputs"))
    twin = TWINS.get(type_)
    if twin is not None:
        return Declared(
            urn=str(resource["urn"]),
            kind=twin.kind,
            id=twin.id(id_, outputs),
            inputs=twin.inputs(inputs),
            outputs={},  # the twin's read needs only its inputs
            component=component_label(resource.get("parent")),
            users=twin.users,
        )
    return Declared(
        urn=str(resource["urn"]),
        kind=kind_of(type_),
        id=id_,
        inputs=inputs,
        outputs=outputs,
        component=component_label(resource.get("parent")),
    )


def lower(text: str) -> str:
    """`text` in lower case; the same string when it already is (ids and user names mostly
    are), so that the copies kept of it share one string."""
    return text if text.islower() else text.lower()


def _references(inputs: dict[str, Any]) -> Iterator[str]:
    """Object ids and user names among the inputs' values (and in their lists)."""
    for value in inputs.values():
        for item in value if isinstance(value, list) else (value,):
            if isinstance(item, str) and ("@" in item or is_guid(item)):
                yield lower(item)
