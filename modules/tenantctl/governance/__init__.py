"""Governance: policy rules over a tenant description and its planned resources.

One rule set (`catalogue.RULES`), two front ends: `tenantctl check` (the model and its
resources planned under Pulumi mocks) and the Pulumi policy pack in `policy/` (the resources
the engine plans).
"""

from tenantctl.governance.catalogue import RULES
from tenantctl.governance.config import GovernanceConfig, load_config
from tenantctl.governance.evaluate import evaluate
from tenantctl.governance.subject import PlannedResource, Subject
from tenantctl.governance.violations import Level, Violation

__all__ = [
    "RULES",
    "GovernanceConfig",
    "Level",
    "PlannedResource",
    "Subject",
    "Violation",
    "evaluate",
    "load_config",
]
