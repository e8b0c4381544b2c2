"""A failed `pulumi up` leaves the CLI's own log of it where the deploy jobs pick it up
(`logs` in the CLI's home: tests/unit/test_ci_pipelines.py), encrypted with the stack's
secrets provider, and `pulumi logs decrypt` reads the failure back from it."""

from __future__ import annotations

from pathlib import Path

import pytest

from .demo_stack import DemoStack
from .test_governance_least_privilege import DEMO_PERMISSIONS, role, use_application

pytestmark = pytest.mark.engine

ENCRYPTED = b"PLOG"
"""The first bytes of a log the CLI encrypted (pkg/engine/encryptedlog); a log it could not
encrypt is plain gzip."""


def stack_logs(demo: DemoStack) -> dict[Path, str]:
    """The CLI's logs of the commands run on the stack, decrypted, by file: Pulumi names them
    `<organization>+<project>+<stack>-<time>.log` once it knows the stack."""
    logs = Path(demo.project.engine.env["PULUMI_HOME"]) / "logs"
    return {
        log: demo.run("logs", "decrypt", str(log)).stdout
        for log in logs.glob(f"organization+m365-tenant+{demo.stack}-*.log")
    }


def test_a_failed_update_leaves_its_log_encrypted_and_readable_with_the_stacks_secrets(
    demo: DemoStack,
) -> None:
    # Withheld: the permission of the groups' directory settings, so `up` fails part-way.
    use_application(demo, [role(p) for p in DEMO_PERMISSIONS if p != "Directory.ReadWrite.All"])
    secret = demo.run("config", "get", "clientSecret").stdout.strip()
    demo = demo.with_engine_settings()  # as the deploy jobs run it

    failed = demo.run("up", "--yes", expect_returncode=None)

    assert failed.returncode != 0
    ((log, read),) = [
        (log, read) for log, read in stack_logs(demo).items() if '"Command":"pulumi up"' in read
    ]
    raw = log.read_bytes()
    assert raw.startswith(ENCRYPTED)
    assert b"Authorization_RequestDenied" not in raw
    assert "Authorization_RequestDenied" in read  # Graph's refusal, as the provider reported it
    assert secret not in read  # the stack's secrets stay ciphertext, even decrypted
