"""OData query options: ``$filter`` parsing and evaluation, ``$select``, ``$orderby``, paging.

Follows learn.microsoft.com/graph/query-parameters, /graph/filter-query-parameter,
/graph/paging and /graph/aad-advanced-queries (``$count`` needs ``ConsistencyLevel: eventual``).

A ``$filter`` compiles to closures whose depth is its nesting depth, not its length: a chain of
``and`` or ``or`` terms is one node over a list, and nesting (parentheses, ``not``, function
arguments, lambdas) beyond :data:`MAX_FILTER_DEPTH` levels is Graph's 400 — the directory
refuses far shallower filters ("search filter expression has excessive height",
microsoftgraph/microsoft-graph-docs#3641). Its text is bounded by the URL's length
(``protocol.MAX_URL_LENGTH``), so parsing and evaluating one are bounded too.
"""

from __future__ import annotations

import base64
import functools
import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, overload
from urllib.parse import urlencode

from local_tenant.errors import BadRequest, DirectoryBadRequest
from local_tenant.protocol import Request
from local_tenant.storage import public
from tenantctl.m365 import limits

Item = dict[str, Any]
Predicate = Callable[[Item, dict[str, Any]], Any]
Scan = Callable[[int], Iterable[tuple[int, Item]]]
"""Items of a collection in a stable key order, each with its key, after a given key."""

_KNOWN = {
    "$select",
    "$filter",
    "$top",
    "$skiptoken",
    "$orderby",
    "$count",
    "$expand",
    "$search",
    "$deltatoken",
    "$format",
    "$skip",
}
_TOKEN = re.compile(
    r"\s*(?:(?P<str>'(?:[^']|'')*')|(?P<num>-?\d+(?:\.\d+)?)(?![\w-])"
    r"|(?P<guid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"|(?P<name>[A-Za-z_@$][\w.@$]*(?:/[A-Za-z_@$][\w.@$]*)*)|(?P<punct>[(),:/]))"
)
_COMPARISONS = {"eq", "ne", "gt", "ge", "lt", "le"}
MAX_FILTER_DEPTH = 32
"""Levels of nesting a ``$filter`` may have."""
_PLAIN_NAME = re.compile(r"^[A-Za-z_]\w*$")


class FilterError(DirectoryBadRequest):
    """400 for a ``$filter`` the parser rejects."""


def _tokenise(text: str) -> list[tuple[str, str]]:
    tokens: list[tuple[str, str]] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        match = _TOKEN.match(text, pos)
        if match is None or match.end() == pos:
            raise FilterError(f"Invalid filter clause: syntax error at position {pos} in '{text}'.")
        kind = match.lastgroup or ""
        tokens.append((kind, match.group(kind)))
        pos = match.end()
    return tokens


class _Parser:
    """Recursive-descent parser producing closures over (item, lambda variables)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = _tokenise(text)
        self.pos = 0
        self.depth = 0

    @contextmanager
    def nested(self) -> Iterator[None]:
        """One more level of nesting, or Graph's 400 beyond :data:`MAX_FILTER_DEPTH`."""
        self.depth += 1
        if self.depth > MAX_FILTER_DEPTH:
            raise FilterError(
                f"Invalid filter clause: the expression is nested more than {MAX_FILTER_DEPTH} "
                "levels deep."
            )
        yield
        self.depth -= 1

    def peek(self) -> tuple[str, str] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def take(self, value: str | None = None) -> tuple[str, str]:
        token = self.peek()
        if token is None or (value is not None and token[1].lower() != value):
            raise FilterError(f"Invalid filter clause: expected '{value}' in '{self.text}'.")
        self.pos += 1
        return token

    def at(self, value: str) -> bool:
        token = self.peek()
        return token is not None and token[1].lower() == value

    def parse(self) -> Predicate:
        expr = self.or_expr()
        if self.peek() is not None:
            raise FilterError(f"Invalid filter clause: unexpected '{self.peek()[1]}'.")  # type: ignore[index]
        return expr

    def or_expr(self) -> Predicate:
        terms = [self.and_expr()]
        while self.at("or"):
            self.take()
            terms.append(self.and_expr())
        if len(terms) == 1:
            return terms[0]
        return lambda i, v: any(term(i, v) for term in terms)

    def and_expr(self) -> Predicate:
        terms = [self.not_expr()]
        while self.at("and"):
            self.take()
            terms.append(self.not_expr())
        if len(terms) == 1:
            return terms[0]
        return lambda i, v: all(term(i, v) for term in terms)

    def not_expr(self) -> Predicate:
        if self.at("not"):
            self.take()
            with self.nested():
                inner = self.not_expr()
            return lambda i, v: not inner(i, v)
        return self.comparison()

    def comparison(self) -> Predicate:
        left = self.operand()
        token = self.peek()
        if token is not None and token[1].lower() in _COMPARISONS:
            op = self.take()[1].lower()
            right = self.operand()
            return lambda i, v: _compare(op, left(i, v), right(i, v))
        if self.at("in"):
            self.take()
            values = [_fold(x) for x in self.list_literal()]
            return lambda i, v: _fold(left(i, v)) in values
        return left

    def list_literal(self) -> list[Any]:
        self.take("(")
        values: list[Any] = []
        while not self.at(")"):
            values.append(self.operand()({}, {}))
            if self.at(","):
                self.take()
        self.take(")")
        return values

    def operand(self) -> Predicate:
        token = self.take()
        kind, text = token
        if text == "(":
            with self.nested():
                inner = self.or_expr()
            self.take(")")
            return inner
        if kind == "str":
            value: Any = text[1:-1].replace("''", "'")
            return lambda i, v: value
        if kind == "num":
            number = float(text) if "." in text else int(text)
            return lambda i, v: number
        if kind == "guid":
            return lambda i, v: text
        if kind != "name":
            raise FilterError(f"Invalid filter clause: unexpected '{text}'.")
        lowered = text.lower()
        if lowered in ("true", "false"):
            return lambda i, v: lowered == "true"
        if lowered == "null":
            return lambda i, v: None
        if self.at("("):
            return self.call(text)
        return self.path(text)

    def call(self, name: str) -> Predicate:
        lowered = name.lower()
        if lowered.endswith("/any") or lowered.endswith("/all"):
            return self.lambda_call(name[:-4], lowered[-3:])
        self.take("(")
        with self.nested():
            args = [self.or_expr()]
            while self.at(","):
                self.take()
                args.append(self.or_expr())
        self.take(")")
        functions: dict[str, Callable[[Any, Any], bool]] = {
            "startswith": lambda a, b: _texts(a, b) and _fold(a).startswith(_fold(b)),
            "endswith": lambda a, b: _texts(a, b) and _fold(a).endswith(_fold(b)),
            "contains": lambda a, b: _texts(a, b) and _fold(b) in _fold(a),
        }
        if lowered not in functions or len(args) != 2:
            raise FilterError(f"Invalid filter clause: unsupported function '{name}'.")
        fn = functions[lowered]
        first, second = args
        return lambda i, v: fn(first(i, v), second(i, v))

    def lambda_call(self, collection: str, quantifier: str) -> Predicate:
        source = self.path(collection)
        self.take("(")
        variable = self.take()[1]
        self.take(":")
        with self.nested():
            body = self.or_expr()
        self.take(")")
        test = any if quantifier == "any" else all

        def run(item: Item, variables: dict[str, Any]) -> bool:
            values = source(item, variables)
            if not isinstance(values, list):
                values = []
            return test(bool(body(item, {**variables, variable: x})) for x in values)

        return run

    def path(self, text: str) -> Predicate:
        parts = text.split("/")

        def resolve(item: Item, variables: dict[str, Any]) -> Any:
            value: Any = variables[parts[0]] if parts[0] in variables else item.get(parts[0])
            for part in parts[1:]:
                value = value.get(part) if isinstance(value, dict) else None
            return value

        return resolve


def _texts(*values: Any) -> bool:
    return all(isinstance(value, str) for value in values)


def _fold(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _compare(op: str, left: Any, right: Any) -> bool:
    left, right = _fold(left), _fold(right)
    if op == "eq":
        return bool(left == right)
    if op == "ne":
        return bool(left != right)
    if left is None or right is None:
        return False
    try:
        return bool(
            {
                "gt": left > right,
                "ge": left >= right,
                "lt": left < right,
                "le": left <= right,
            }[op]
        )
    except TypeError:
        return False


def words(text: str) -> frozenset[str]:
    """The operator and function names a ``$filter`` uses, lower-cased (``ne``, ``not``,
    ``endswith``...); names inside string literals are not words."""
    return frozenset(value.lower() for kind, value in _tokenise(text) if kind == "name")


def in_list_sizes(text: str) -> list[int]:
    """The number of values of each ``in`` operator of a ``$filter``, in order."""
    tokens = _tokenise(text)
    sizes: list[int] = []
    for at, (kind, value) in enumerate(tokens):
        if kind != "name" or value.lower() != "in" or tokens[at + 1 : at + 2] != [("punct", "(")]:
            continue
        depth, values = 0, 0
        for inner_kind, inner in tokens[at + 1 :]:
            depth += (inner == "(") - (inner == ")")
            if depth == 0:
                break
            values += depth == 1 and inner_kind not in ("punct", "ws")
        sizes.append(values)
    return sizes


def parse_filter(text: str) -> Callable[[Item], bool]:
    """Compile a ``$filter`` expression into a predicate over JSON objects."""
    predicate = _Parser(text).parse()
    return lambda item: bool(predicate(item, {}))


def equality_hint(text: str) -> tuple[str, str] | None:
    """A ``property eq 'text'`` term that a (valid) ``$filter`` requires of every match, as
    (property, text): one of its top-level ``and`` terms when it has no top-level ``or``. A
    store can narrow its candidates with it; the filter itself still decides."""
    terms: list[list[tuple[str, str]]] = [[]]
    depth = 0
    for kind, value in _tokenise(text):
        depth += value == "("
        depth -= value == ")"
        word = value.lower() if kind == "name" and depth == 0 else ""
        if word == "or":
            return None
        if word == "and":
            terms.append([])
        else:
            terms[-1].append((kind, value))
    for term in terms:
        if len(term) != 3:
            continue
        (left_kind, name), (_, op), (right_kind, literal) = term
        if left_kind == "name" and _PLAIN_NAME.match(name) and op.lower() == "eq":
            if right_kind == "str":
                return name, literal[1:-1].replace("''", "'")
            if right_kind == "guid":
                return name, literal
    return None


@dataclass(frozen=True)
class Query:
    """Parsed system query options of one request."""

    select: tuple[str, ...] = ()
    filter: Callable[[Item], bool] | None = None
    filter_equals: tuple[str, str] | None = None
    top: int | None = None
    skiptoken: str | None = None
    orderby: tuple[tuple[str, bool], ...] = ()
    count: bool = False
    expand: tuple[str, ...] = ()
    search: str | None = None

    @classmethod
    def parse(cls, request: Request) -> Query:
        """Parse and validate the query options Graph accepts on collections."""
        q = request.query
        for key in q:
            if key.startswith("$") and key not in _KNOWN:
                raise BadRequest(f"Query option '{key}' is not allowed.")
        top = None
        if "$top" in q:
            try:
                top = int(q["$top"])
            except ValueError as exc:
                raise BadRequest(f"Invalid value '{q['$top']}' for $top query option.") from exc
            if top < 0:
                raise BadRequest("Invalid page size specified.")
        orderby: list[tuple[str, bool]] = []
        for clause in _split(q.get("$orderby", "")):
            name, _, direction = clause.partition(" ")
            orderby.append((name.strip(), direction.strip().lower() == "desc"))
        count = q.get("$count", "false").lower() == "true"
        return cls(
            select=tuple(_split(q.get("$select", ""))),
            filter=parse_filter(q["$filter"]) if q.get("$filter") else None,
            filter_equals=equality_hint(q["$filter"]) if q.get("$filter") else None,
            top=top,
            skiptoken=q.get("$skiptoken"),
            orderby=tuple(orderby),
            count=count,
            expand=tuple(_split(q.get("$expand", ""))),
            search=q.get("$search"),
        )


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.split(",") if part.strip()]


def project(item: Item, select: tuple[str, ...]) -> Item:
    """Apply ``$select``: keep the selected properties and every annotation (``@x``, ``p@x``)."""
    if not select or "*" in select:
        return item
    wanted = _wanted(select)
    return {k: v for k, v in item.items() if "@" in k or k.lower() in wanted}


@functools.lru_cache(maxsize=256)
def _wanted(select: tuple[str, ...]) -> frozenset[str]:
    return frozenset(s.lower() for s in select)


def order(items: list[Item], orderby: tuple[tuple[str, bool], ...]) -> list[Item]:
    """Apply ``$orderby`` (stable, nulls first as Graph does for ascending)."""
    for name, desc in reversed(orderby):
        items = sorted(items, key=lambda i, n=name: _sort_key(i.get(n)), reverse=desc)  # type: ignore[misc]
    return items


def _sort_key(value: Any) -> tuple[bool, int, Any]:
    """A key that orders any two JSON values: nulls first, then numbers, texts, the rest."""
    if value is None:
        return (False, 0, 0)
    if isinstance(value, bool | int | float):
        return (True, 0, value)
    if isinstance(value, str):
        return (True, 1, value.lower())
    return (True, 2, json.dumps(value, sort_keys=True))


def encode_token(state: dict[str, Any]) -> str:
    """An opaque paging or delta token."""
    return base64.urlsafe_b64encode(json.dumps(state).encode()).decode().rstrip("=")


def decode_token(token: str, name: str = "$skiptoken") -> dict[str, Any]:
    """Decode a token made by :func:`encode_token`, or Graph's 400."""
    try:
        padded = token + "=" * (-len(token) % 4)
        state = json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadRequest(f"Invalid {name} value '{token}'.") from exc
    if not isinstance(state, dict):
        raise BadRequest(f"Invalid {name} value '{token}'.")
    return state


def link(request: Request, path: str, **params: str) -> str:
    """An absolute link to ``path`` keeping the request's query options, with overrides."""
    query = {k: v for k, v in request.query.items() if k not in ("$skiptoken", "$deltatoken")}
    query.update(params)
    suffix = f"?{urlencode(query, safe='$(),/:')}" if query else ""
    return f"{request.base_url}{path}{suffix}"


class Rendered(Sequence[Item]):
    """A collection whose items are rendered only when a page takes them: a page of a long
    list of links (a team's 25,000 members) costs its own items, not the whole list's."""

    def __init__(self, keys: Sequence[str], render: Callable[[str], Item]) -> None:
        self.keys = keys
        self.render = render

    def __len__(self) -> int:
        return len(self.keys)

    @overload
    def __getitem__(self, index: int) -> Item: ...

    @overload
    def __getitem__(self, index: slice) -> list[Item]: ...

    def __getitem__(self, index: int | slice) -> Item | list[Item]:
        if isinstance(index, slice):
            return [self.render(key) for key in self.keys[index]]
        return self.render(self.keys[index])


@dataclass(frozen=True)
class Paging:
    """Page sizes of one collection, as Graph documents them for it."""

    default: int = 100
    maximum: int = limits.PAGE_SIZE_MAX


def page(
    request: Request,
    path: str,
    items: Sequence[Item],
    query: Query,
    paging: Paging,
    context: str,
) -> dict[str, Any]:
    """Filter, order, page and project a collection into Graph's JSON shape (``$count`` the
    directory ignores without ConsistencyLevel is dropped before, by `queries.RULES`)."""
    if query.filter is not None:
        items = [i for i in items if query.filter(i)]
    if query.orderby:
        items = order(list(items), query.orderby)
    size = _page_size(query, paging)
    offset = _offset(_skip_state(query))
    chunk = items[offset : offset + size]
    body: dict[str, Any] = {"@odata.context": f"{request.base_url}/$metadata#{context}"}
    if query.count:
        body["@odata.count"] = len(items)
    if offset + size < len(items):
        body["@odata.nextLink"] = link(
            request, path, **{"$skiptoken": encode_token({"o": offset + size})}
        )
    body["value"] = [project(i, query.select) for i in chunk]
    return body


def listing(request: Request, path: str, context: str, items: Iterable[Item]) -> dict[str, Any]:
    """A collection of stored documents as Graph pages it (100 by default), without the
    store's own keys."""
    public_items = [public(i) for i in items]
    return page(request, path, public_items, Query.parse(request), Paging(), context)


def page_by_key(
    request: Request,
    path: str,
    scan: Scan,
    skip_to: Callable[[int], int],
    query: Query,
    paging: Paging,
    context: str,
    matches: Callable[[Item], bool] | None = None,
) -> dict[str, Any]:
    """:func:`page` for a collection read lazily in key order, without ``$orderby`` or
    ``$count`` (they need every item): ``scan`` is read after the key in the ``$skiptoken``
    only until the page is full, and ``matches`` (``$filter`` and ``$search``, in place of
    ``query.filter``) is applied on the way.

    The ``$skiptoken`` carries the offset, as :func:`page`'s does, and the key of the page's
    last item, so that objects added or removed between two pages move no other object across
    a page boundary. A token with an offset only (from :func:`page`) resumes at that offset;
    ``skip_to`` turns an offset into a key when no item has to be matched.
    """
    size = _page_size(query, paging)
    state = _skip_state(query)
    offset = _offset(state)
    skip = 0
    if "k" in state:
        after = _int_state(state, "k")
    elif matches is None:
        after = skip_to(offset)
    else:
        after, skip = 0, offset
    chunk: list[Item] = []
    last, more = after, False
    for key, item in scan(after):
        if matches is not None and not matches(item):
            continue
        if skip:
            skip -= 1
            continue
        if len(chunk) == size:
            more = True
            break
        chunk.append(item)
        last = key
    body: dict[str, Any] = {"@odata.context": f"{request.base_url}/$metadata#{context}"}
    if more:
        token = encode_token({"o": offset + size, "k": last})
        body["@odata.nextLink"] = link(request, path, **{"$skiptoken": token})
    body["value"] = [project(i, query.select) for i in chunk]
    return body


def _page_size(query: Query, paging: Paging) -> int:
    if query.top is not None and query.top > paging.maximum:
        raise DirectoryBadRequest(
            f"Invalid page size specified: '{query.top}'. Must be between 1 and {paging.maximum} "
            "inclusive."
        )
    return min(query.top if query.top is not None else paging.default, paging.maximum)


def _skip_state(query: Query) -> dict[str, Any]:
    return decode_token(query.skiptoken) if query.skiptoken else {}


def _offset(state: dict[str, Any]) -> int:
    return _int_state(state, "o") if "o" in state else 0


def _int_state(state: dict[str, Any], name: str) -> int:
    value = state[name]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadRequest("Invalid $skiptoken value.")
    return value
