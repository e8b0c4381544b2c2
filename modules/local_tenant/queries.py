"""Graph's rules for query options, in one table: each rule, the resources it applies to and
the Graph page behind it.

`RULES` runs, in order, before a route's handler (see `conformance`): a rule either lets the
request through, refuses it with Graph's error, or (``$count`` without ``ConsistencyLevel``
on the directory) names an option the handler must not see (`QueryContext.ignored`), as Graph
silently ignores it. Names in
``$select``, ``$expand`` and ``$orderby`` are checked against the Graph v1.0 schema of the
type the route addresses when the metadata is available (`QueryContext.shape`); the advanced
query rules of directory objects need no schema.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field

from local_tenant.errors import BadRequest, DirectoryBadRequest, GraphError
from local_tenant.odata import FilterError, in_list_sizes, words
from local_tenant.protocol import Request
from tenantctl.m365 import limits

ADVANCED = "learn.microsoft.com/graph/aad-advanced-queries"
KNOWN_ISSUES = "learn.microsoft.com/graph/known-issues"
QUERY_PARAMETERS = "learn.microsoft.com/graph/query-parameters"


class UnsupportedQuery(GraphError):
    """400 for a query the directory supports only as an advanced query, or not at all."""

    code = "Request_UnsupportedQuery"


@dataclass(frozen=True)
class Names:
    """What query options may name on a type (lower-cased): the properties and navigation
    properties of the type and of the types derived from it, as the directory takes a user's
    ``userPrincipalName`` on a group's ``members`` (directory objects) without a cast."""

    type_name: str
    properties: frozenset[str]
    navigation: frozenset[str]
    open_type: bool

    def unknown(self, name: str, navigation_only: bool = False) -> bool:
        """Whether ``name`` (a path's first segment counts) names nothing of the type."""
        head = name.split("/", 1)[0]
        if head == "*" or "." in head:  # all properties, or a cast or qualified name
            return False
        lowered = head.lower()
        if lowered in self.navigation or (not navigation_only and lowered in self.properties):
            return False
        return not (self.open_type and "_" in head)  # a directory extension attribute


@dataclass
class QueryContext:
    """A request's query options and what its route addresses."""

    request: Request
    directory: bool
    """Whether the route reads directory objects (users, groups, their relationships)."""
    count_segment: bool
    """Whether the path ends in ``/$count``."""
    names: Names | None
    """The names the route's type takes, when the schema is loaded and it has a type."""
    ignored: list[str] = field(default_factory=list)
    """Options Graph ignores here, to be dropped before the handler runs."""

    def option(self, name: str) -> str:
        return self.request.query.get(name, "")

    @property
    def eventual(self) -> bool:
        return self.request.header("consistencylevel").lower() == "eventual"

    @property
    def advanced(self) -> bool:
        """Both advanced query parameters: ``ConsistencyLevel: eventual`` and ``$count=true``."""
        return self.eventual and self.option("$count").lower() == "true"


@dataclass(frozen=True)
class Rule:
    """One of Graph's query rules."""

    behaviour: str
    page: str
    applies: Callable[[QueryContext], bool]
    enforce: Callable[[QueryContext], None]


@functools.lru_cache(maxsize=1024)
def _names(text: str) -> tuple[str, ...]:
    """Property names of a comma-separated option, without nested options or directions."""
    out: list[str] = []
    depth, current = 0, ""
    for char in text:
        depth += char == "("
        depth -= char == ")"
        if char == "," and depth == 0:
            out.append(current)
            current = ""
        else:
            current += char
    out.append(current)
    return tuple(n.split("(", 1)[0].strip().split(" ", 1)[0] for n in out if n.strip())


def _no_such_property(names: Names, name: str) -> BadRequest:
    return BadRequest(f"Could not find a property named '{name}' on type '{names.type_name}'.")


def _check_names(option: str, navigation_only: bool = False) -> Callable[[QueryContext], None]:
    def enforce(ctx: QueryContext) -> None:
        assert ctx.names is not None
        for name in _names(ctx.option(option)):
            if ctx.names.unknown(name, navigation_only):
                raise _no_such_property(ctx.names, name.split("/", 1)[0])

    return enforce


def _has(option: str) -> Callable[[QueryContext], bool]:
    return lambda ctx: bool(ctx.option(option)) and ctx.names is not None


def _count_segment(ctx: QueryContext) -> None:
    if not ctx.eventual:
        raise DirectoryBadRequest("$count is not currently supported.")


def _search(ctx: QueryContext) -> None:
    if not ctx.eventual:
        raise UnsupportedQuery(
            "Request with $search query parameter only works through MSGraph with a special "
            "request header: 'ConsistencyLevel: eventual'"
        )


ADVANCED_OPERATORS = ("ne", "not", "endswith")
"""``$filter`` operators the directory supports only in advanced queries."""
_OPERATOR_NAMES = {"ne": "ne", "not": "not", "endswith": "endsWith"}


def _advanced_operators(ctx: QueryContext) -> None:
    if ctx.advanced:
        return
    try:
        used = words(ctx.option("$filter"))
    except FilterError:
        return  # the handler's parser answers a malformed filter
    for operator in ADVANCED_OPERATORS:
        if operator in used:
            raise UnsupportedQuery(
                f"Operator '{_OPERATOR_NAMES[operator]}' is not supported because the required "
                "parameters might be missing. Try adding $count=true query parameter and "
                "ConsistencyLevel:eventual header. Refer to "
                "https://aka.ms/graph-docs/advanced-queries for more information"
            )


SORTABLE: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "microsoft.graph.user": (
        frozenset({"displayname", "userprincipalname"}),
        frozenset({"createddatetime", "deleteddatetime"}),
    ),
    "microsoft.graph.group": (frozenset({"displayname"}), frozenset({"deleteddatetime"})),
}
"""Per directory type: properties ``$orderby`` takes by default, and those it takes only in
advanced queries (the "Support for sorting" table of aad-advanced-queries)."""


def _in_values(ctx: QueryContext) -> None:
    try:
        sizes = in_list_sizes(ctx.option("$filter"))
    except FilterError:
        return  # the handler's parser answers a malformed filter
    most = max(sizes, default=0)
    if most > limits.FILTER_IN_VALUES_MAX:
        raise UnsupportedQuery(
            "Too many child clauses specified in search filter expression containing 'OR' "
            f"operators: {most}. Max allowed: {limits.FILTER_IN_VALUES_MAX}."
        )


def _orderby(ctx: QueryContext) -> None:
    if ctx.option("$filter") and not ctx.advanced:
        raise UnsupportedQuery("Sorting not supported for current query.")
    assert ctx.names is not None
    default, advanced = SORTABLE.get(ctx.names.type_name, (frozenset(), frozenset()))
    for name in _names(ctx.option("$orderby")):
        lowered = name.lower()
        if lowered in default or (lowered in advanced and ctx.advanced):
            continue
        raise UnsupportedQuery("Sorting not supported for current query.")


def _ignore_count(ctx: QueryContext) -> None:
    if not ctx.eventual:
        ctx.ignored.append("$count")


def _directory(option: str) -> Callable[[QueryContext], bool]:
    return lambda ctx: ctx.directory and bool(ctx.option(option))


RULES: tuple[Rule, ...] = (
    Rule(
        "$select names a property or navigation property of the type; otherwise 400 "
        "\"Could not find a property named 'x' on type 'microsoft.graph.user'.\"",
        f"{QUERY_PARAMETERS}#select-parameter",
        _has("$select"),
        _check_names("$select"),
    ),
    Rule(
        "$expand names a navigation property of the type; otherwise the same 400",
        f"{QUERY_PARAMETERS}#expand-parameter",
        _has("$expand"),
        _check_names("$expand", navigation_only=True),
    ),
    Rule(
        "$orderby names a property of the type; otherwise the same 400",
        f"{QUERY_PARAMETERS}#orderby-parameter",
        _has("$orderby"),
        _check_names("$orderby"),
    ),
    Rule(
        "directory: the /$count segment needs ConsistencyLevel: eventual; otherwise 400 "
        "Request_BadRequest '$count is not currently supported.'",
        f"{ADVANCED}#error-handling-for-advanced-queries-on-directory-objects",
        lambda ctx: ctx.directory and ctx.count_segment,
        _count_segment,
    ),
    Rule(
        "directory: $search needs ConsistencyLevel: eventual; otherwise 400 "
        "Request_UnsupportedQuery",
        f"{ADVANCED}#error-handling-for-advanced-queries-on-directory-objects",
        _directory("$search"),
        _search,
    ),
    Rule(
        "directory: $filter with ne, not or endsWith needs ConsistencyLevel: eventual and "
        "$count=true; otherwise 400 Request_UnsupportedQuery \"Operator 'ne' is not "
        'supported because the required parameters might be missing..."',
        f"{ADVANCED}#query-scenarios-that-require-advanced-query-capabilities",
        _directory("$filter"),
        _advanced_operators,
    ),
    Rule(
        "directory: an `in` operator of $filter takes at most 15 values; otherwise 400 "
        "Request_UnsupportedQuery",
        f"{KNOWN_ISSUES}#query-parameters",
        _directory("$filter"),
        _in_values,
    ),
    Rule(
        "directory (users, groups): $orderby takes displayName (and a user's "
        "userPrincipalName) by default, createdDateTime and deletedDateTime only in advanced "
        "queries, and $filter with $orderby only in advanced queries; otherwise 400 "
        "Request_UnsupportedQuery",
        f"{ADVANCED}#support-for-sorting-by-properties-of-microsoft-entra-id-directory-objects",
        lambda ctx: ctx.directory and bool(ctx.option("$orderby")) and ctx.names is not None,
        _orderby,
    ),
    Rule(
        "directory: $count=true without ConsistencyLevel: eventual is ignored (200, no "
        "@odata.count)",
        f"{ADVANCED}#error-handling-for-advanced-queries-on-directory-objects",
        _directory("$count"),
        _ignore_count,
    ),
)


def enforce(ctx: QueryContext) -> None:
    """Apply every rule that applies to the request, in order: Graph's error, or the options
    to ignore in `ctx.ignored`."""
    for rule in RULES:
        if rule.applies(ctx):
            rule.enforce(ctx)
