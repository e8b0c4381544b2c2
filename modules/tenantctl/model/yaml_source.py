"""Safe YAML reading that remembers the line of every key and refuses hostile documents.

PyYAML's SafeLoader builds plain data; we walk the composed node tree beside it to map each
key path to its line, and reject duplicate keys (which YAML forbids but PyYAML accepts),
alias bombs, files holding more values than any description needs, and nesting deeper than
any tenant description needs. Which files are read, and how many bytes, is
`data_folder`'s concern.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tenantctl.model.characters import character_problem
from tenantctl.model.data_folder import SPLIT_FIX, read_bounded
from tenantctl.model.errors import SourceRef, YamlReadError

KeyPath = tuple[str | int, ...]

MAX_VALUES = 250_000
"""Values (scalars, lists, mappings and aliases) written in one file. A file at
`data_folder.MAX_FILE_BYTES` written as data holds about 200,000 (the generated tenants'
files take 10 to 14 bytes a value); a file of bare values would take minutes and gigabytes
to compose."""
MAX_EXPANDED_NODES = 2_000_000
MAX_DEPTH = 64


@dataclass
class YamlDocument:
    """A parsed YAML file: its data and the line of each key path inside it."""

    path: Path
    data: Any
    lines: dict[KeyPath, int] = field(default_factory=dict)

    def source(self, key_path: KeyPath) -> SourceRef:
        """The line of the deepest known prefix of key_path (a missing key points at its parent)."""
        for end in range(len(key_path), -1, -1):
            line = self.lines.get(key_path[:end])
            if line is not None:
                return SourceRef(self.path, line)
        return SourceRef(self.path, 1)


class _TooManyValues(Exception):
    def __init__(self, line: int) -> None:
        self.line = line


class _CountingLoader(yaml.SafeLoader):
    """A safe loader that stops composing past `MAX_VALUES` values."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.values = 0

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        self.values += 1
        if self.values > MAX_VALUES:
            mark = self.peek_event().start_mark  # type: ignore[no-untyped-call]
            raise _TooManyValues(mark.line + 1)
        return super().compose_node(parent, index)


# Dates stay text: the model parses them and names the key of an impossible day, where PyYAML
# would raise on 2025-04-31 from inside its constructor.
_CountingLoader.add_constructor(
    "tag:yaml.org,2002:timestamp",
    lambda loader, node: loader.construct_scalar(node),  # type: ignore[arg-type]
)


def read_yaml(path: Path, shown: Path) -> YamlDocument:
    """Read one YAML file within bounds and parse it, or raise YamlReadError naming `shown`."""
    return parse_yaml(read_bounded(path, shown), shown)


def parse_yaml(raw: bytes, shown: Path) -> YamlDocument:
    """Parse a file's bytes safely, or raise YamlReadError naming the file, line and fix."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise YamlReadError.at(
            shown, line, "the file is not valid UTF-8", "save it as UTF-8"
        ) from exc
    try:
        loader = _CountingLoader(text)
    except yaml.reader.ReaderError as exc:  # a control character PyYAML will not read
        line = text[: exc.position].count("\n") + 1
        raise YamlReadError.at(
            shown,
            line,
            f"the file contains a control character (U+{exc.character:04X})",
            "remove it; descriptions are plain text",
        ) from exc
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(shown, None, {(): 1})
        _check_size(node, shown)
        _check_tags(node, loader, shown)
        lines: dict[KeyPath, int] = {}
        _map_lines(node, (), lines, shown, depth=0, seen=set())
        data = loader.construct_document(node)
    except _TooManyValues as exc:
        raise YamlReadError.at(
            shown, exc.line, f"the file holds more than {MAX_VALUES} values", SPLIT_FIX
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = " ".join(part for part in (exc.context, exc.problem) if part)
        raise YamlReadError.at(
            shown,
            line,
            f"malformed YAML: {problem}",
            "check indentation, quoting and the ':' after each key; only plain YAML "
            "(no tags such as !!python) is accepted",
        ) from exc
    except yaml.YAMLError as exc:
        raise YamlReadError.at(shown, 1, f"malformed YAML: {exc}", "fix the YAML syntax") from exc
    except RecursionError as exc:
        raise YamlReadError.at(
            shown, 1, "the document is nested too deeply", "flatten the structure"
        ) from exc
    finally:
        loader.dispose()
    return YamlDocument(shown, data, lines)


def _map_lines(
    node: yaml.Node,
    path: KeyPath,
    lines: dict[KeyPath, int],
    shown: Path,
    depth: int,
    seen: set[int],
) -> None:
    lines.setdefault(path, node.start_mark.line + 1)
    if depth > MAX_DEPTH:
        raise YamlReadError.at(
            shown,
            node.start_mark.line + 1,
            f"the document is nested more than {MAX_DEPTH} levels deep",
            "flatten the structure",
        )
    if id(node) in seen:  # an alias: its lines are those of the anchor
        return
    seen.add(id(node))
    if isinstance(node, yaml.ScalarNode):
        _check_characters(node, shown)
    elif isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                continue
            _check_characters(key_node, shown)
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in keys and key != "<<":
                raise YamlReadError.at(
                    shown,
                    line,
                    f"key '{key}' appears twice (first on line {keys[key]})",
                    "keep one of the two",
                )
            keys[key] = line
            lines[(*path, key)] = line
            _map_lines(value_node, (*path, key), lines, shown, depth + 1, seen)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _map_lines(item, (*path, index), lines, shown, depth + 1, seen)


def _check_characters(node: yaml.ScalarNode, shown: Path) -> None:
    """Refuse a value with invisible or control characters, or look-alike letters."""
    problem = character_problem(node.value)
    if problem is not None:
        raise YamlReadError.at(
            shown, node.start_mark.line + 1, problem, "retype the value as plain text"
        )


def _check_size(root: yaml.Node, shown: Path) -> None:
    """Reject documents whose aliases expand to more nodes than any description needs."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, children_done = stack.pop()
        if id(node) in sizes:
            continue
        children = _children(node)
        if not children_done and id(node) in open_nodes:
            raise YamlReadError.at(
                shown,
                node.start_mark.line + 1,
                "an alias refers to the mapping that contains it",
                "remove the recursive alias",
            )
        if children_done or not children:
            total = 1 + sum(sizes.get(id(child), 0) for child in children)
            if total > MAX_EXPANDED_NODES:
                raise YamlReadError.at(
                    shown,
                    node.start_mark.line + 1,
                    f"anchors and aliases expand to more than {MAX_EXPANDED_NODES} values",
                    "write the data out instead of nesting aliases",
                )
            sizes[id(node)] = total
            continue
        open_nodes.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in children if id(child) not in sizes)


_STR_TAG = "tag:yaml.org,2002:str"


def _check_tags(root: yaml.Node, loader: yaml.SafeLoader, shown: Path) -> None:
    """Refuse explicit tags (!!python/..., !!timestamp, !!binary, ...): descriptions are plain.

    An untagged node carries the tag YAML resolves implicitly; any other tag was written
    by hand, and some (a malformed !!timestamp, !!int) would fail inside PyYAML itself.
    """
    resolve: Callable[[type[yaml.Node], str, tuple[bool, bool]], str] = loader.resolve
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            plain = node.style is None
            allowed = {resolve(yaml.ScalarNode, node.value, (plain, not plain)), _STR_TAG}
        elif isinstance(node, yaml.MappingNode):
            allowed = {"tag:yaml.org,2002:map"}
        else:
            allowed = {"tag:yaml.org,2002:seq"}
        if node.tag not in allowed:
            tag = node.tag.replace("tag:yaml.org,2002:", "!!")
            raise YamlReadError.at(
                shown,
                node.start_mark.line + 1,
                f"the tag '{tag}' is not accepted",
                "write plain values without tags such as !!python or !!timestamp",
            )
        stack.extend(_children(node))


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.MappingNode):
        return [part for pair in node.value for part in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []
