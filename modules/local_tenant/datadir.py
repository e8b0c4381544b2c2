"""The data directory holds the tenant's secrets (signing key, admin token, client secrets,
TLS key, database), so it is its owner's only: the folder and its sub-folders 0700, every
file 0600, written atomically. Files made by earlier versions are tightened when opened.

A file that cannot be read as what it should be raises :class:`DataDirectoryError`, whose
message names the file and the fix; the CLI prints it as one line.
"""

from __future__ import annotations

import contextlib
import os
import secrets
from pathlib import Path

DIRECTORY_MODE = 0o700
FILE_MODE = 0o600


class DataDirectoryError(Exception):
    """A file of the data directory that cannot be used; the message says which and how to fix."""


def private_directory(path: Path) -> Path:
    """Create ``path`` (and parents) if needed and make it 0700."""
    path.mkdir(parents=True, exist_ok=True, mode=DIRECTORY_MODE)
    path.chmod(DIRECTORY_MODE)
    return path


def restrict(path: Path) -> None:
    """Make an existing file 0600 (nothing to do when it does not exist)."""
    with contextlib.suppress(FileNotFoundError):
        path.chmod(FILE_MODE)


def create_private(path: Path) -> None:
    """Create ``path`` empty and 0600 unless it exists; make it 0600 if it does."""
    with contextlib.suppress(FileExistsError):
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))
    restrict(path)


def write_private(path: Path, data: str | bytes) -> None:
    """Replace ``path`` atomically with ``data``, readable by its owner only."""
    raw = data.encode() if isinstance(data, str) else data
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
    try:
        with os.fdopen(descriptor, "wb") as out:
            out.write(raw)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def secret_file(path: Path, make: str) -> str:
    """The secret stored in ``path``, made 0600; ``make`` is stored first when the file is
    missing, empty or only whitespace (a blank secret would let anyone in)."""
    restrict(path)
    try:
        stored = path.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        stored = ""
    except (OSError, UnicodeDecodeError) as error:
        raise DataDirectoryError(
            f"{path} cannot be read ({error}); delete it and a new one is made"
        ) from None
    if stored:
        return stored
    write_private(path, make)
    return make
