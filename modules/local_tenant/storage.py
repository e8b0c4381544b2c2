"""SQLite document store: one JSON document per object, keyed by kind and id, with a parent.

Every write bumps a tenant-wide change sequence stored on the row; deletes leave a tombstone so
delta queries can report removals. The database runs in WAL mode with ``synchronous=FULL``: a
committed transaction is on disk before the HTTP response that acknowledges it is written.
Its file is created 0600 before SQLite opens it; SQLite gives its ``-wal`` and ``-shm`` files
the database file's permissions.

Listings read a kind in insertion order (``rowid``) a batch at a time after a key, so a page
decodes only the documents it needs however large the kind grows.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from local_tenant.datadir import DataDirectoryError, create_private, restrict

Document = dict[str, Any]


def public(doc: Document) -> Document:
    """A stored document as Graph shows it: without the store's own `_`-prefixed keys."""
    return {k: v for k, v in doc.items() if not k.startswith("_")}


SCAN_BATCH = 500
"""Rows read per query while scanning a kind."""
PROPERTY_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
"""A top-level property name :meth:`Store.scan` may write into its SQL as a literal, so that
the expression indexes on ``webUrl`` and ``userPrincipalName`` (the properties objects are
looked up by) match the query; other names are bound as parameters."""
_COLUMNS = "kind, id, parent, body, seq, created, updated, deleted"

_SCHEMA = """
CREATE TABLE IF NOT EXISTS objects (
    kind TEXT NOT NULL,
    id TEXT NOT NULL,
    parent TEXT,
    body TEXT NOT NULL,
    seq INTEGER NOT NULL,
    created REAL NOT NULL,
    updated REAL NOT NULL,
    deleted INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (kind, id)
);
CREATE INDEX IF NOT EXISTS objects_parent ON objects (kind, parent);
CREATE INDEX IF NOT EXISTS objects_seq ON objects (kind, seq);
CREATE INDEX IF NOT EXISTS objects_kind ON objects (kind);
CREATE INDEX IF NOT EXISTS objects_web_url
    ON objects (kind, fold_case(json_extract(body, '$.webUrl')));
CREATE INDEX IF NOT EXISTS objects_user_principal_name
    ON objects (kind, fold_case(json_extract(body, '$.userPrincipalName')));
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""


@dataclass(frozen=True)
class Row:
    """A stored object with its bookkeeping columns."""

    kind: str
    id: str
    parent: str | None
    body: Document
    seq: int
    created: float
    updated: float
    deleted: bool


class Store:
    """Thread-safe document store; ``path=None`` keeps everything in memory."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.RLock()
        self._depth = 0
        self._seq: int | None = None
        if path is not None:
            create_private(path)
            for suffix in ("-wal", "-shm"):
                restrict(path.with_name(path.name + suffix))
        self._conn = sqlite3.connect(
            ":memory:" if path is None else str(path),
            isolation_level=None,
            check_same_thread=False,
        )
        try:
            self._conn.create_function("fold_case", 1, _fold_case, deterministic=True)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=FULL")
            self._conn.executescript(_SCHEMA)
        except sqlite3.DatabaseError as error:
            self._conn.close()
            raise DataDirectoryError(
                f"{path} is not a local tenant database ({error}); move it aside and the "
                "tenant starts empty"
            ) from None

    def close(self) -> None:
        """Close the connection."""
        with self._lock:
            self._conn.close()

    @contextmanager
    def transaction(self) -> Iterator[None]:
        """Run the block atomically; nested blocks join the outer transaction."""
        with self._lock:
            outer = self._depth == 0
            if outer:
                self._conn.execute("BEGIN IMMEDIATE")
            self._depth += 1
            try:
                yield
            except BaseException:
                self._depth -= 1
                if outer:
                    self._seq = None
                    self._conn.execute("ROLLBACK")
                raise
            self._depth -= 1
            if outer:
                self._seq = None
                self._conn.execute("COMMIT")

    def _next_seq(self) -> int:
        seq = self.current_seq() + 1
        self.meta_set("seq", seq)
        self._seq = seq
        return seq

    def current_seq(self) -> int:
        """The sequence number of the latest write.

        Inside a transaction (which holds SQLite's write lock, so no other connection can
        write) it is read once and then kept; outside one it is read from the database.
        """
        with self._lock:
            if self._depth and self._seq is not None:
                return self._seq
            seq = int(self.meta_get("seq", 0))
            if self._depth:
                self._seq = seq
            return seq

    def put(self, kind: str, id: str, body: Document, parent: str | None = None) -> Document:
        """Insert or replace a document, reviving a tombstone with the same key."""
        now = time.time()
        with self.transaction():
            seq = self._next_seq()
            self._conn.execute(
                "INSERT INTO objects (kind, id, parent, body, seq, created, updated, deleted)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, 0)"
                " ON CONFLICT (kind, id) DO UPDATE SET parent=excluded.parent, body=excluded.body,"
                " seq=excluded.seq, updated=excluded.updated,"
                " created=CASE WHEN objects.deleted THEN excluded.created ELSE objects.created END,"
                " deleted=0",
                (kind, id, parent, json.dumps(body), seq, now, now),
            )
        return body

    def delete(self, kind: str, id: str) -> bool:
        """Mark a document deleted (a tombstone stays for delta); False if absent."""
        with self.transaction():
            seq = self._next_seq()
            cur = self._conn.execute(
                "UPDATE objects SET deleted=1, seq=?, updated=?"
                " WHERE kind=? AND id=? AND deleted=0",
                (seq, time.time(), kind, id),
            )
        return cur.rowcount > 0

    def row(self, kind: str, id: str, include_deleted: bool = False) -> Row | None:
        """The stored row for a key, or None."""
        with self._lock:
            found = self._conn.execute(
                f"SELECT {_COLUMNS} FROM objects WHERE kind=? AND id=?", (kind, id)
            ).fetchone()
        if found is None or (found[7] and not include_deleted):
            return None
        return _row(found)

    def get(self, kind: str, id: str) -> Document | None:
        """The live document for a key, or None."""
        found = self.row(kind, id)
        return None if found is None else found.body

    def rows(
        self,
        kind: str,
        parent: str | None = None,
        since_seq: int | None = None,
        include_deleted: bool = False,
    ) -> list[Row]:
        """Rows of one kind in insertion order, optionally under a parent or changed since."""
        sql = f"SELECT {_COLUMNS} FROM objects WHERE kind=?"
        args: list[Any] = [kind]
        if parent is not None:
            sql += " AND parent=?"
            args.append(parent)
        if since_seq is not None:
            sql += " AND seq>?"
            args.append(since_seq)
        if not include_deleted:
            sql += " AND deleted=0"
        sql += " ORDER BY rowid"
        with self._lock:
            return [_row(r) for r in self._conn.execute(sql, args).fetchall()]

    def scan(
        self, kind: str, after: int = 0, equals: tuple[str, str] | None = None
    ) -> Iterator[tuple[int, Row]]:
        """Live rows of one kind in insertion order, each with its ``rowid`` (a key that never
        changes for an object), starting after the row whose ``rowid`` is ``after``. Rows are
        read and decoded ``SCAN_BATCH`` at a time, so a caller that stops early decodes little.

        ``equals`` (property, text) skips, without decoding them, the documents whose top-level
        property is not that text (compared without regard to case); a lookup by ``webUrl`` or
        ``userPrincipalName`` reads only the matching rows, through an index.
        """
        where, narrowing = "", []
        if equals is not None:
            name, text = equals
            if PROPERTY_NAME.fullmatch(name):
                where = f" AND fold_case(json_extract(body, '$.{name}'))=?"
                narrowing = [text.lower()]
            else:
                where = " AND fold_case(json_extract(body, ?))=?"
                narrowing = [f"$.{name}", text.lower()]
        while True:
            with self._lock:
                found = self._conn.execute(
                    f"SELECT rowid, {_COLUMNS} FROM objects"
                    f" WHERE kind=? AND deleted=0 AND rowid>?{where} ORDER BY rowid LIMIT ?",
                    [kind, after, *narrowing, SCAN_BATCH],
                ).fetchall()
            for r in found:
                yield r[0], _row(r[1:])
            if len(found) < SCAN_BATCH:
                return
            after = found[-1][0]

    def key_at(self, kind: str, offset: int) -> int:
        """The key to :meth:`scan` after to skip the first ``offset`` live rows of one kind,
        found without decoding them (past the last row when there are fewer)."""
        if offset <= 0:
            return 0
        with self._lock:
            found = self._conn.execute(
                "SELECT rowid FROM objects WHERE kind=? AND deleted=0 ORDER BY rowid"
                " LIMIT 1 OFFSET ?",
                (kind, offset - 1),
            ).fetchone()
            if found is None:
                found = self._conn.execute("SELECT COALESCE(MAX(rowid), 0) FROM objects").fetchone()
        return int(found[0])

    def changes(
        self,
        kind: str,
        since: int | None,
        upto: int,
        after: Sequence[int] | None,
        offset: int,
        limit: int,
    ) -> list[tuple[list[int], Row]]:
        """One page of a delta round over one kind, each row with its key in the round's
        order; only that page is decoded.

        The first round (``since`` None) lists live rows written up to ``upto`` in insertion
        order, then those written after it (key: written after ``upto``, ``rowid``). A later
        round lists rows written after ``since`` in write order (key: ``seq``), tombstones
        included unless they were written after ``upto``. The page starts after the key
        ``after``, or, without one, ``offset`` rows in.
        """
        if since is None and (after is not None or offset == 0):
            return self._first_round(kind, upto, after or [0, 0], limit)
        args: list[Any]
        if since is None:
            where, args = "kind=? AND deleted=0", [kind]
            ordering, ordering_args = "seq>?, rowid", [upto]
            if after is not None:
                where += " AND ((seq>?) > ? OR ((seq>?) = ? AND rowid>?))"
                args += [upto, after[0], upto, after[0], after[1]]
        else:
            where, args = "kind=? AND seq>? AND NOT (deleted AND seq>?)", [kind, since, upto]
            ordering, ordering_args = "seq", []
            if after is not None:
                where += " AND seq>?"
                args.append(after[0])
        with self._lock:
            found = self._conn.execute(
                f"SELECT rowid, {_COLUMNS} FROM objects WHERE rowid IN"
                f" (SELECT rowid FROM objects WHERE {where} ORDER BY {ordering} LIMIT ? OFFSET ?)"
                f" ORDER BY {ordering}",
                [*args, *ordering_args, limit, 0 if after is not None else offset, *ordering_args],
            ).fetchall()
        rows = [(r[0], _row(r[1:])) for r in found]
        if since is None:
            return [([int(row.seq > upto), rowid], row) for rowid, row in rows]
        return [([row.seq], row) for _, row in rows]

    def _first_round(
        self, kind: str, upto: int, after: Sequence[int], limit: int
    ) -> list[tuple[list[int], Row]]:
        """A first-round page after a key, in two range reads along the kind's index (rows
        written up to ``upto``, then after it, each in ``rowid`` order) instead of sorting
        every row of the kind for each page."""
        pages: list[tuple[list[int], Row]] = []
        for written_after, condition in ((0, "seq<=?"), (1, "seq>?")):
            if written_after < after[0] or len(pages) == limit:
                continue
            last = after[1] if written_after == after[0] else 0
            with self._lock:
                found = self._conn.execute(
                    f"SELECT rowid, {_COLUMNS} FROM objects INDEXED BY objects_kind"
                    f" WHERE kind=? AND deleted=0 AND {condition} AND rowid>?"
                    " ORDER BY rowid LIMIT ?",
                    [kind, upto, last, limit - len(pages)],
                ).fetchall()
            pages += [([written_after, r[0]], _row(r[1:])) for r in found]
        return pages

    def kinds_of(self, ids: Sequence[str], kinds: Sequence[str]) -> dict[str, str]:
        """Which of ``kinds`` (the first listed) has a live object with each id, without
        decoding them; ids no such kind has are left out."""
        present: dict[str, set[str]] = {}
        kind_marks = _marks(kinds)
        for chunk in _chunks(ids):
            id_marks = _marks(chunk)
            with self._lock:
                found = self._conn.execute(
                    f"SELECT id, kind FROM objects WHERE kind IN ({kind_marks})"
                    f" AND id IN ({id_marks}) AND deleted=0",
                    [*kinds, *chunk],
                ).fetchall()
            for id, kind in found:
                present.setdefault(id, set()).add(kind)
        return {
            id: next(k for k in kinds if k in found_kinds) for id, found_kinds in present.items()
        }

    def latest_seq(self, kinds: Sequence[str], ids: Sequence[str] | None = None) -> int:
        """The sequence number of the latest write to a document of these kinds, or only to
        those with one of ``ids`` when given (0: none)."""
        where = f"kind IN ({_marks(kinds)})"
        if ids is None:
            return self._max_seq(where, list(kinds))
        return max(
            (
                self._max_seq(f"{where} AND id IN ({_marks(chunk)})", [*kinds, *chunk])
                for chunk in _chunks(ids)
            ),
            default=0,
        )

    def _max_seq(self, where: str, args: list[str]) -> int:
        with self._lock:
            found = self._conn.execute(
                f"SELECT MAX(seq) FROM objects WHERE {where}", args
            ).fetchone()
        return int(found[0] or 0)

    def fields(self, kind: str, names: Sequence[str]) -> list[tuple[Any, ...]]:
        """Top-level properties (None when absent) of every live document of one kind, in
        insertion order, extracted by SQLite so that no whole document is decoded."""
        extracts = ", ".join("body -> ?" for _ in names)
        with self._lock:
            found = self._conn.execute(
                f"SELECT {extracts} FROM objects WHERE kind=? AND deleted=0 ORDER BY rowid",
                [*(f"$.{name}" for name in names), kind],
            ).fetchall()
        return [tuple(None if v is None else json.loads(v) for v in r) for r in found]

    def count(self, kind: str, at_most: int = -1) -> int:
        """How many live documents of one kind there are, counting no further than `at_most`
        (when given) so that a size class costs the same in a large tenant as in a small one."""
        with self._lock:
            found = self._conn.execute(
                "SELECT COUNT(*) FROM (SELECT 1 FROM objects WHERE kind=? AND deleted=0 LIMIT ?)",
                (kind, at_most),
            ).fetchone()
        return int(found[0])

    def list(self, kind: str, parent: str | None = None) -> list[Document]:
        """Live documents of one kind in insertion order."""
        return [r.body for r in self.rows(kind, parent)]

    def meta_get(self, key: str, default: Any = None) -> Any:
        """A JSON value from the metadata table."""
        with self._lock:
            found = self._conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return default if found is None else json.loads(found[0])

    def meta_set(self, key: str, value: Any) -> None:
        """Store a JSON value in the metadata table."""
        with self.transaction():
            self._conn.execute(
                "INSERT INTO meta (key, value) VALUES (?, ?)"
                " ON CONFLICT (key) DO UPDATE SET value=excluded.value",
                (key, json.dumps(value)),
            )

    def clear(self) -> None:
        """Remove every object and metadata value but the change sequence, which rises once
        more so that nothing cached against a sequence number outlives the objects it was read
        from."""
        with self.transaction():
            self._conn.execute("DELETE FROM objects")
            self._conn.execute("DELETE FROM meta WHERE key != 'seq'")
            self._next_seq()


def _chunks(ids: Sequence[str]) -> Iterator[list[str]]:
    """IDS ``SCAN_BATCH`` at a time, to bind in one statement each."""
    for start in range(0, len(ids), SCAN_BATCH):
        yield list(ids[start : start + SCAN_BATCH])


def _marks(values: Sequence[Any]) -> str:
    """One SQL parameter per value, for an ``IN (...)`` list."""
    return ",".join("?" * len(values))


def _fold_case(value: Any) -> Any:
    return value.lower() if isinstance(value, str) else value


def _row(r: tuple[Any, ...]) -> Row:
    return Row(r[0], r[1], r[2], json.loads(r[3]), r[4], r[5], r[6], bool(r[7]))
