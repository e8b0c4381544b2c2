"""Keep one frame of each resource's registration stack trace: the one that declared it.

The Pulumi Python SDK (3.260) sends the engine, with each registration, the whole Python
stack below the resource's constructor, and the engine keeps it in the stack's state beside
the resource's source position (the trace's first frame): fourteen frames for a resource of
S, most of them the SDK's and asyncio's, 1.4 KB of its 3.4 KB of state, held in the `pulumi`
CLI's memory for every resource of an update. A reader of the state needs one frame, the
component's line that declared the resource; for a Graph resource the SDK's first frame is
`GraphResource`'s constructor, the same line for every one, so that frame is skipped.
"""

from __future__ import annotations

from pathlib import Path

from pulumi.runtime import resource as registration
from pulumi.runtime.proto import source_pb2

from tenantctl.resources import resource

_whole_stack = registration._get_stack_trace
_CONSTRUCTOR = Path(resource.__file__).as_uri()


def _declaring_frame() -> source_pb2.StackTrace:
    frames = _whole_stack().frames
    declaring = next((frame for frame in frames if frame.pc.uri != _CONSTRUCTOR), None)
    return source_pb2.StackTrace(frames=[] if declaring is None else [declaring])


def keep_declaring_frames() -> None:
    """From now on, send each registration with its declaring frame only."""
    registration._get_stack_trace = _declaring_frame
