"""The merged tenant of the Ville de Valmont and Valmont Métropole, at real size.

About 3,500 agents in 35 directorates over two organisations, team spaces inside and across
directorates and with external partners, and group-based licences for office and frontline
agents. The data lives in ./data, one file per section or per kind of space.
"""

from pathlib import Path

from tenantctl.model import LoadedTenant
from tenantctl.stack.project import load_stack_data


def describe() -> LoadedTenant:
    """The tenant description of this stack, validated."""
    return load_stack_data(Path(__file__).parent / "data")
