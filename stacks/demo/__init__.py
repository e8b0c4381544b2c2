"""A small tenant for demonstrations and the local tenant's default run.

One town, three directorates, a dozen agents, four team spaces (one with a partner) and two
licence groups: every kind of object the toolkit manages, small enough that `pulumi up` against
the local tenant takes moments.
"""

from pathlib import Path

from tenantctl.model import LoadedTenant
from tenantctl.stack.project import load_stack_data


def describe() -> LoadedTenant:
    """The tenant description of this stack, validated."""
    return load_stack_data(Path(__file__).parent / "data")
