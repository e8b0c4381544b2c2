"""`tenantctl export --stack S` takes its settings and credentials from the stack's
configuration as the engine holds it, so a client secret stored only as a Pulumi secret
works; a secret that is nowhere is one line naming it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.cli import Result, tenantctl

from .demo_stack import DemoStack

pytestmark = pytest.mark.engine


def export(demo: DemoStack, out: Path) -> Result:
    """`tenantctl export --stack demo` in the project, with no credential in the
    environment (the stack's configuration is the only place that holds one)."""
    env = {
        key: value
        for key, value in demo.project.engine.env.items()
        if not key.startswith(("AZURE_", "ARM_")) and key != "TENANTCTL_ACCESS_TOKEN"
    }
    assert "AZURE_CLIENT_SECRET" not in env and "AZURE_CLIENT_SECRET" not in os.environ
    args = ["export", "--stack", demo.stack, "--out", out]
    return tenantctl(*args, base=env, cwd=demo.directory, timeout=300, bounded=False)


def test_a_secret_held_only_by_the_stack_configuration_is_used(
    demo: DemoStack, tmp_path: Path
) -> None:
    out = tmp_path / "export d'essai"

    result = export(demo, out)

    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    assert "exported 0 directorates, 0 spaces" in result.stderr
    assert (out / "__init__.py").is_file()


def test_a_secret_held_nowhere_is_named_in_one_line(demo: DemoStack, tmp_path: Path) -> None:
    demo.run("config", "rm", "clientSecret")

    result = export(demo, tmp_path / "out")

    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "export: error: credential client_secret needs clientSecret: give "
        "`pulumi config set --secret clientSecret …` or the environment variable "
        "AZURE_CLIENT_SECRET"
    ]
