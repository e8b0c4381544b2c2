"""A description's data folder read as untrusted input: which files are read, within bounds.

The folder arrives in pull requests, so nothing in it is trusted. Only regular files named
`*.yaml` or `*.yml` are read, a link only when it leads to a file inside the folder, and
folders named like data files, FIFOs, devices, sockets, dangling links and link loops are
findings, never read. The number of files, each file's size and the folder's total are
checked before any file is opened, and a file is read through a non-blocking descriptor up
to its limit, so no entry can make loading hang or grow without bound.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path

from tenantctl.model.errors import Finding, SourceRef, YamlReadError

SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 2 * 2**20
"""One file: over three times the largest file of the largest generated tenant (L)."""
MAX_TOTAL_BYTES = 8 * 2**20
"""All the files of a description together: about twice the generated tenant L."""
MAX_FILES = 1_000
"""Data files of a description: forty times those of the generated tenant L (25)."""

SPLIT_FIX = "split the data into several files in the same folder"
NOT_DATA_FIX = "remove it, or rename it so that its name does not end in .yaml or .yml"


@dataclass(frozen=True)
class DataFile:
    """A regular file of the folder: where to read it, how findings name it, its size."""

    path: Path
    shown: Path
    size: int


def data_files(folder: Path, relative_to: Path) -> tuple[list[DataFile], list[Finding]]:
    """The folder's data files (sorted), and a finding for each entry that cannot be one.

    When the files are too many or too large together, none is returned: the description
    is refused before anything is parsed.
    """
    root = folder.resolve()
    shown_root = _shown(folder, relative_to)
    files: list[DataFile] = []
    findings: list[Finding] = []
    pending = [folder]
    while pending:
        current = pending.pop()
        try:
            with os.scandir(current) as listing:
                entries = sorted(listing, key=lambda entry: entry.name)
        except OSError as exc:
            where = shown_root / current.relative_to(folder)
            findings.append(_folder_finding(where, f"cannot be listed ({exc.strerror})"))
            continue
        for entry in entries:
            path = Path(entry.path)
            named = entry.name.endswith(SUFFIXES)
            shown = shown_root / _printable(str(path.relative_to(folder)))
            if entry.is_dir(follow_symlinks=False):
                if named:
                    findings.append(_file_finding(shown, "is a folder, not a file", NOT_DATA_FIX))
                else:
                    pending.append(path)
            elif named:
                found = _regular_file(path, root, shown)
                if isinstance(found, DataFile):
                    files.append(found)
                else:
                    findings.append(found)
    files.sort(key=lambda file: file.shown)
    return _within_totals(files, shown_root, findings)


def read_bounded(path: Path, shown: Path) -> bytes:
    """The bytes of a regular file of at most MAX_FILE_BYTES, or YamlReadError naming it.

    The file is opened without blocking (a FIFO cannot hang the reader) and checked to be a
    regular file through its open descriptor; no more than the limit is ever read.
    """
    limit = MAX_FILE_BYTES
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise YamlReadError.at(
            shown, 1, f"cannot be read ({exc.strerror})", "make it a readable file"
        ) from None
    try:
        status = os.fstat(descriptor)
        if not stat.S_ISREG(status.st_mode):
            raise YamlReadError.at(shown, 1, f"is {_kind(status.st_mode)}", "give a regular file")
        if status.st_size > limit:
            raise _too_large(shown, status.st_size, limit)
        chunks: list[bytes] = []
        left = limit + 1  # one byte more tells a file that grew past the limit
        while left > 0 and (chunk := os.read(descriptor, min(left, 2**20))):
            chunks.append(chunk)
            left -= len(chunk)
    finally:
        os.close(descriptor)
    raw = b"".join(chunks)
    if len(raw) > limit:
        raise _too_large(shown, len(raw), limit)
    return raw


def _regular_file(path: Path, root: Path, shown: Path) -> DataFile | Finding:
    """The entry as a data file, or why it cannot be one."""
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return _file_finding(shown, "is a link to nothing", NOT_DATA_FIX)
    except (OSError, RuntimeError):  # RuntimeError: a link loop, before Python 3.13
        return _file_finding(shown, "is a link that leads back to itself", NOT_DATA_FIX)
    if not target.is_relative_to(root):
        return _file_finding(
            shown,
            "is a link to a file outside the data folder",
            "copy the data into the folder instead of linking to it",
        )
    try:
        status = target.stat()
    except OSError as exc:
        return _file_finding(shown, f"cannot be read ({exc.strerror})", "make it a readable file")
    if not stat.S_ISREG(status.st_mode):
        return _file_finding(shown, f"is {_kind(status.st_mode)}", NOT_DATA_FIX)
    if status.st_size > MAX_FILE_BYTES:
        return _too_large(shown, status.st_size, MAX_FILE_BYTES).finding
    return DataFile(target, shown, status.st_size)


def _within_totals(
    files: list[DataFile], shown_root: Path, findings: list[Finding]
) -> tuple[list[DataFile], list[Finding]]:
    if len(files) > MAX_FILES:
        problem = f"holds {len(files)} data files, over the limit of {MAX_FILES}"
        return [], [*findings, _folder_finding(shown_root, problem, "merge small files")]
    total = sum(file.size for file in files)
    if total > MAX_TOTAL_BYTES:
        largest = max(files, key=lambda file: file.size)
        problem = (
            f"its data files total {total} bytes, over the {MAX_TOTAL_BYTES}-byte limit of a "
            f"description (the largest: {largest.shown}, {largest.size} bytes)"
        )
        fix = "remove data the description does not need, or split the tenant into stacks"
        return [], [*findings, _folder_finding(shown_root, problem, fix)]
    return files, findings


def _kind(mode: int) -> str:
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    name = next((name for test, name in kinds if test(mode)), "a special file")
    return f"{name}, not a regular file"


def _too_large(shown: Path, size: int, limit: int) -> YamlReadError:
    return YamlReadError.at(
        shown, 1, f"file is {size} bytes, over the {limit}-byte limit", SPLIT_FIX
    )


def _file_finding(shown: Path, message: str, fix: str) -> Finding:
    return Finding(SourceRef(shown, 1), "(file)", message, fix)


def _folder_finding(shown: Path, message: str, fix: str = "make it readable") -> Finding:
    return Finding(SourceRef(shown, 1), "(folder)", message, fix)


def _shown(folder: Path, relative_to: Path) -> Path:
    """The folder as findings name it: from `relative_to` when it lies below it."""
    for inside, base in ((folder.resolve(), relative_to.resolve()), (folder, relative_to)):
        if inside.is_relative_to(base):
            return Path(_printable(str(inside.relative_to(base))))
    return Path(_printable(str(folder)))


def _printable(text: str) -> str:
    """Text with control, invisible and undecodable characters escaped, so that a finding
    naming a hostile file name stays on one line."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)
