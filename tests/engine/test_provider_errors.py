"""A provider error during `pulumi up` is one line under its resource, from the project's
provider host: the resource, the call, and the error (for Graph: the request, Graph's status,
code and message, and the fix), never a Python traceback."""

from __future__ import annotations

import dataclasses
import re

import pytest

from .conftest import ProjectFactory
from .demo_stack import DemoStack
from .test_governance_least_privilege import DEMO_PERMISSIONS, role, use_application

pytestmark = pytest.mark.engine

HEADER = re.compile(r"^  (?P<type>\S+) \((?P<name>[^)]+)\):$")


def diagnostics(stdout: str) -> dict[tuple[str, str], list[str]]:
    """The engine's Diagnostics section: (type, name) → the lines shown under it."""
    section = re.split(r"\n(?:Outputs|Resources):\n", stdout.split("\nDiagnostics:\n", 1)[1])[0]
    found: dict[tuple[str, str], list[str]] = {}
    lines: list[str] = []
    for line in section.splitlines():
        if header := HEADER.match(line):
            lines = found.setdefault((header["type"], header["name"]), [])
        elif line.strip():
            lines.append(line.strip())
    return found


def failed_resources(stdout: str) -> dict[str, str]:
    """The error line of each failed resource (by name), once each is known to be one line."""
    errors: dict[str, str] = {}
    for (type_, name), lines in diagnostics(stdout).items():
        if type_ == "pulumi:pulumi:Stack":
            assert lines == ["error: update failed"], lines
            continue
        (line,) = lines
        errors[name] = line.removeprefix("error: ")
    return errors


def test_a_refused_graph_call_is_one_line_naming_the_resource_call_answer_and_fix(
    demo: DemoStack,
) -> None:
    # Directory.ReadWrite.All (the lifecycle policy's) stands for GroupSettings.ReadWrite.All:
    # it is withheld too, and what else it stands for is granted.
    granted = [p for p in DEMO_PERMISSIONS if p != "Directory.ReadWrite.All"]
    granted += ["Group.ReadWrite.All", "User.Read.All", "LicenseAssignment.ReadWrite.All"]
    use_application(demo, [role(p) for p in granted])

    failed = demo.run("up", "--yes", expect_returncode=None)

    assert failed.returncode != 0
    output = failed.stdout + failed.stderr
    assert "Traceback" not in output and 'File "' not in output
    errors = failed_resources(failed.stdout)
    assert errors, failed.stdout
    # The group settings of each space and the tenant's all need GroupSettings.* (or
    # Directory.*): the local tenant names every permission Graph's reference accepts.
    settings = (
        "GroupSettings.Read.All, Directory.Read.All, GroupSettings.ReadWrite.All, "
        "Directory.ReadWrite.All"
    )
    spaces = ("drh-equipe", "tech-ateliers", "renovation-ecole", "eau-potable", "fete-musique-2025")
    reads = {
        f"space-{key}-guest-access": (
            "GroupDirectorySettings",
            r"groups/[0-9a-f-]{36}/settings",
            settings,
        )
        for key in spaces
    }
    reads["tenant-group-settings"] = ("TenantGroupSettings", "groupSettings", settings)
    # the lifecycle policy is looked for first (grouplifecyclepolicy-list)
    reads["group-expiry"] = (
        "GroupLifecyclePolicy",
        "groupLifecyclePolicies",
        "Directory.Read.All, Directory.ReadWrite.All",
    )
    assert set(errors) <= set(reads)
    for name, line in errors.items():
        kind, path, accepted = reads[name]
        assert re.fullmatch(
            rf"{kind} {re.escape(name)}: create failed: "
            rf"GET /v1\.0/{path}: 403 Authorization_RequestDenied: "
            r"Insufficient privileges to complete the operation\. Requires one of "
            rf"'{re.escape(accepted)}'; roles on the request '[^']*'\. "
            r"Fix: grant the application the permissions "
            rf"`tenantctl permissions {kind} --explain` lists, with admin consent\.",
            line,
        ), line


def test_a_stack_without_its_secret_names_the_setting_in_one_line(demo: DemoStack) -> None:
    demo.run("config", "rm", "clientSecret")

    failed = demo.run("up", "--yes", expect_returncode=None)

    assert failed.returncode != 0
    assert "Traceback" not in failed.stdout + failed.stderr
    errors = failed_resources(failed.stdout)
    assert errors, failed.stdout
    for name, line in errors.items():
        assert line.endswith(
            f"{name}: create failed: credential client_secret needs clientSecret: give "
            "`pulumi config set --secret clientSecret …` or the environment variable "
            "AZURE_CLIENT_SECRET"
        ), line


BROKEN_PROGRAM = """\
    import pulumi
    from pulumi.dynamic import CreateResult, Resource, ResourceProvider


    class Broken(ResourceProvider):
        def create(self, props):
            return CreateResult(id_=props["missing"])


    class Thing(Resource):
        def __init__(self, name):
            super().__init__(Broken(), name, {"label": "Équipe d'été"})


    Thing("broken-thing")
"""


def test_an_unexpected_provider_error_is_one_line_naming_the_bug(
    python_project: ProjectFactory,
) -> None:
    project = python_project("broken-provider", BROKEN_PROGRAM)
    project.run("stack", "init", "dev")

    failed = project.run("up", "--yes", "--skip-preview", expect_returncode=None)

    assert failed.returncode != 0
    assert "Traceback" not in failed.stdout + failed.stderr
    assert failed_resources(failed.stdout) == {
        "broken-thing": "Resource broken-thing: create failed: internal error: KeyError: "
        "'missing' at __main__.py:7 (a bug: please report it; TENANTCTL_TRACEBACK=1 shows "
        "the traceback)"
    }


def test_the_traceback_is_shown_when_asked_for(python_project: ProjectFactory) -> None:
    project = python_project("broken-provider", BROKEN_PROGRAM)
    project.run("stack", "init", "dev")
    env = {**project.engine.env, "TENANTCTL_TRACEBACK": "1"}
    traced = dataclasses.replace(project, engine=dataclasses.replace(project.engine, env=env))

    failed = traced.run("up", "--yes", "--skip-preview", expect_returncode=None)

    assert failed.returncode != 0
    assert "Traceback (most recent call last):" in failed.stdout
    assert "KeyError: 'missing'" in failed.stdout
