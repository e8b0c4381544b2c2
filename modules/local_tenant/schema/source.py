"""Where the Graph v1.0 metadata comes from, parsed once per process.

The metadata is ``v1.0-cleanMetadata.xml`` (microsoftgraph/msgraph-metadata) in
``$GRAPH_METADATA_DIR`` or, by default, ``<project>/../shared/graph-metadata/``; it is not
shipped with the project. Without it the local tenant still serves, without checking request
bodies or query options against the schema, and says so once on startup (`missing`).
"""

from __future__ import annotations

import functools
import os
import threading
import xml.etree.ElementTree as ET
from pathlib import Path

from local_tenant.schema.csdl import GraphSchema

METADATA_FILE = "v1.0-cleanMetadata.xml"
METADATA_VARIABLE = "GRAPH_METADATA_DIR"
_PROJECT_ROOT = Path(__file__).resolve().parents[3]
_lock = threading.Lock()


class MetadataNotFoundError(FileNotFoundError):
    """The Graph metadata file is not where it was looked for."""


def metadata_dir() -> Path:
    """``$GRAPH_METADATA_DIR``, else ``<project>/../shared/graph-metadata``."""
    configured = os.environ.get(METADATA_VARIABLE)
    return Path(configured) if configured else _PROJECT_ROOT.parent / "shared" / "graph-metadata"


def load_schema(directory: Path | None = None) -> GraphSchema:
    """The schema from ``directory`` (default: `metadata_dir()`), parsed once per process."""
    return _parse((directory or metadata_dir()) / METADATA_FILE)


@functools.cache
def _parse(path: Path) -> GraphSchema:
    if not path.is_file():
        raise MetadataNotFoundError(
            f"Graph v1.0 metadata not found at {path}; set {METADATA_VARIABLE} to the folder"
            f" holding {METADATA_FILE}"
        )
    with _lock:
        return GraphSchema(ET.parse(path).getroot())


def missing() -> str | None:
    """Why the local tenant will not check requests against the schema, or None when the
    metadata file is there (it is parsed later, on first use)."""
    path = metadata_dir() / METADATA_FILE
    if path.is_file():
        return None
    return (
        f"request bodies and query options are not checked against the Graph v1.0 schema: "
        f"{path} is missing; set {METADATA_VARIABLE} to the folder holding {METADATA_FILE} "
        "(microsoftgraph/msgraph-metadata, clean_v10_metadata/cleanMetadata.xml)"
    )
