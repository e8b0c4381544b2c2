"""The deployed S stack grown to a size's number of team spaces and users (bench/scale_out.py),
with its state imported into the engine's backend so drift reads it as it reads any stack.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from common import generate, pulumi
from scale_out import scale_out, space_count

from engine import Deployed
from tenantctl.generate import SIZES, load_seed


@dataclass
class Growth:
    """Grows one deployment size by size; its users are loaded once per size."""

    deployed: Deployed
    work: Path
    base: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.base = self.export()

    def export(self) -> dict[str, Any]:
        deployed = self.deployed
        exported: dict[str, Any] = json.loads(
            pulumi(["stack", "export"], deployed.project, deployed.env).stdout
        )
        return exported

    def to(self, size: str) -> None:
        """Copy spaces until the stack has SIZE's, and load SIZE's users (S's are there)."""
        deployed, tenant = self.deployed, self.deployed.tenant
        state = self.export()
        have, wanted = space_count(state), SIZES[size].spaces
        tenant.stop()
        try:
            added = scale_out(self.base, tenant.data / "tenant.sqlite", have, wanted)
            if size != "S":
                _, users = generate(size, self.work / f"users-{size}", spaces=0)
                load_seed(users, tenant.data)
        finally:
            tenant.restart()
        state["deployment"]["resources"].extend(added)
        state_file = self.work / f"state-{size}.json"
        state_file.write_text(json.dumps(state))
        pulumi(["stack", "import", "--file", str(state_file)], deployed.project, deployed.env)
        state_file.unlink()
