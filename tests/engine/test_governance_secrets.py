"""Secrets stay secret through a full run of the demo stack on the local tenant.

A full run is a verbose update, a refresh, a preview, the preview report and the drift job,
and two failures (a job and an update refused their credential). The client secret and
bearer tokens then appear in no output, state export or file the run leaves, and the
dynamic providers serialised into state hold their resource kind and nothing else.

With the secret in stack configuration (encrypted), the engine itself prints every value it
hands a provider from verbosity 9 up; runs stay at 8 or below. With the secret in the
environment only (as CI sets it), even the engine's most verbose trace never shows it and
the state holds no trace of it, not even encrypted.
"""

from __future__ import annotations

import base64
import json
import re
import subprocess
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

import dill  # type: ignore[import-untyped]
import pytest

from local_tenant.auth import ALL_ROLES

from .conftest import run_pulumi
from .demo_stack import DemoStack

pytestmark = pytest.mark.engine

JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]+")
BEARER = re.compile(r"Bearer\s+[A-Za-z0-9._-]{20,}")
MOST_VERBOSE_WITHOUT_CONFIG_TRACE = 8

Result = subprocess.CompletedProcess[str]
Pulumi = Callable[..., Result]
WithSecret = Callable[[str], Pulumi]
"""A pulumi command runner whose stack credential is the given secret."""


def new_secret() -> str:
    return f"cs-{uuid.uuid4().hex}{uuid.uuid4().hex}"


def register(demo: DemoStack, secret: str) -> None:
    """A new application with every role and SECRET; the stack's client id points at it."""
    client_id = str(uuid.uuid4())
    registered = demo.tenant.admin.call(
        "POST",
        "/_admin/clients",
        {"client_id": client_id, "client_secret": secret, "roles": list(ALL_ROLES)},
    )
    registered.raise_for_status()
    demo.run("config", "set", "clientId", client_id)


def tenantctl(demo: DemoStack, secret: str, *args: str) -> Result:
    """A tenantctl job, given SECRET in the environment as CI would; a secret in the stack's
    configuration, which the jobs read too, comes first."""
    return demo.tenantctl(*args, env={"AZURE_CLIENT_SECRET": secret})


def with_channel(document: dict[str, Any]) -> None:
    document["spaces"][1]["channels"].append({"name": "Astreintes"})


def texts_of(result: Result) -> list[str]:
    return [result.stdout, result.stderr]


def full_run(demo: DemoStack, secret: str, verbosity: int, with_secret: WithSecret) -> list[str]:
    """Everything a full run prints (see the module docstring)."""
    pulumi = with_secret(secret)
    texts = texts_of(pulumi("up", "--yes", f"-v={verbosity}", "--logtostderr", "--logflow"))
    texts += texts_of(pulumi("refresh", "--yes", "--diff"))
    texts += texts_of(pulumi("preview", "--diff", "--json"))
    reports = demo.directory / "reports"
    reports.mkdir()
    for job in ("preview-report", "drift"):
        result = tenantctl(
            demo,
            secret,
            job,
            demo.stack,
            "--cwd",
            str(demo.directory),
            "--markdown",
            str(reports / f"{job}.md"),
            "--json",
            str(reports / f"{job}.json"),
        )
        assert result.returncode in (0, 3), result.stderr
        texts += texts_of(result)

    wrong = f"wrong-{uuid.uuid4().hex}"
    refused = with_secret(wrong)
    refused_job = tenantctl(demo, wrong, "drift", demo.stack, "--cwd", str(demo.directory))
    demo.edit("spaces/intra.yaml", with_channel)  # an update that must call Graph
    refused_update = refused("up", "--yes", expect_returncode=None)
    assert refused_job.returncode == 1
    assert refused_update.returncode != 0
    assert "invalid_client" in refused_update.stdout
    for text in (*texts_of(refused_job), *texts_of(refused_update)):
        assert wrong not in text
    return [*texts, *texts_of(refused_job), *texts_of(refused_update)]


def files_under(*folders: Path) -> dict[Path, str]:
    """Every file under FOLDERS (state, backups, logs, reports, caches), as text."""
    return {
        path: path.read_bytes().decode("utf-8", "replace")
        for folder in folders
        for path in folder.rglob("*")
        if path.is_file()
    }


def providers_in(export: dict[str, Any]) -> list[bytes]:
    """The serialised dynamic providers (`__provider`, base64 of a dill pickle) of a state."""
    return [
        base64.b64decode(resource["inputs"]["__provider"])
        for resource in export["deployment"]["resources"]
        if "__provider" in resource.get("inputs", {})
    ]


def assert_nothing_leaks(demo: DemoStack, texts: list[str], secret: str) -> str:
    """No text, state export or file of the run holds SECRET or a token; the export."""
    exported = demo.run("stack", "export").stdout
    engine = demo.project.engine
    files = files_under(engine.backend_dir, engine.home, demo.directory)
    files.pop(demo.directory / f"Pulumi.{demo.stack}.yaml")  # holds the secret encrypted
    for text in [*texts, exported, *files.values()]:
        assert secret not in text
        assert JWT.search(text) is None, JWT.search(text)
        assert BEARER.search(text) is None, BEARER.search(text)

    providers = providers_in(json.loads(exported))
    assert providers, "the demo stack's Graph resources carry their serialised provider"
    for blob in providers:
        assert secret.encode() not in blob
        assert JWT.search(blob.decode("latin-1")) is None
        provider = dill.loads(blob)
        assert vars(provider) == {"kind": provider.kind, "_config": {}}
    return exported


def test_a_secret_in_stack_configuration_shows_only_with_show_secrets(demo: DemoStack) -> None:
    secret = new_secret()
    register(demo, secret)

    def with_secret(value: str) -> Pulumi:
        demo.run("config", "set", "--secret", "clientSecret", value)
        return demo.run

    texts = full_run(demo, secret, MOST_VERBOSE_WITHOUT_CONFIG_TRACE, with_secret)
    texts += texts_of(with_secret(secret)("up", "--yes"))  # the refused update, now allowed

    exported = assert_nothing_leaks(demo, texts, secret)
    assert "clientSecret" in exported  # kept for refresh, as ciphertext
    assert secret in demo.run("stack", "export", "--show-secrets").stdout


def test_a_secret_in_the_environment_never_reaches_output_or_state(demo: DemoStack) -> None:
    secret = new_secret()
    register(demo, secret)
    demo.run("config", "rm", "clientSecret")

    def with_secret(value: str) -> Pulumi:
        env = {**demo.project.engine.env, "AZURE_CLIENT_SECRET": value}

        def pulumi(*args: str, expect_returncode: int | None = 0) -> Result:
            return run_pulumi(args, demo.directory, env, expect_returncode=expect_returncode)

        return pulumi

    texts = full_run(demo, secret, 11, with_secret)

    assert_nothing_leaks(demo, texts, secret)
    assert secret not in with_secret(secret)("stack", "export", "--show-secrets").stdout
