"""Keep Pulumi's dynamic-provider serialisation from nesting itself once per resource.

`pulumi.dynamic.serialize_provider` (3.260) patches `pickle._Pickler._batch_setitems` with a
wrapper around the current method on every call and never restores it, so each dynamic
resource adds one wrapper: after about a thousand resources in one process, pickling a
provider exceeds Python's recursion limit. We restore the stdlib methods after each
registration, which leaves exactly one (sorting) wrapper active during each call.
"""

from __future__ import annotations

import pickle
from collections.abc import Iterator
from contextlib import contextmanager

_PATCHED = ("_batch_setitems", "save_dict")
_ORIGINALS = {name: getattr(pickle._Pickler, name) for name in _PATCHED}


@contextmanager
def pickler_restored() -> Iterator[None]:
    """Run a dynamic resource registration, then put pickle's methods back as they were."""
    try:
        yield
    finally:
        for name, method in _ORIGINALS.items():
            setattr(pickle._Pickler, name, method)
