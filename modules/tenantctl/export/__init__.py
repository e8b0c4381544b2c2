"""Export a live tenant as a tenant description: bulk reads, classification, adoption ids."""

from tenantctl.export.classify import Export, Unclassified
from tenantctl.export.mapping import ExportMapping, load_mapping
from tenantctl.export.plan import import_plan
from tenantctl.export.run import Filters, export_tenant
from tenantctl.export.writer import write_export

__all__ = [
    "Export",
    "ExportMapping",
    "Filters",
    "Unclassified",
    "export_tenant",
    "import_plan",
    "load_mapping",
    "write_export",
]
