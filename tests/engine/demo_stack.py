"""The project's real program and its `demo` stack description, driven by the real engine
against the in-process local tenant, and plain Graph reads of what the tenant then holds.

`DemoStack` is a copy of the project (program, stack descriptions, Teams templates) in a
temporary folder, configured for the local tenant with `groupProvider: graph`, so that a
test may edit the copy's YAML to change the description. `TenantView` reads the tenant
with httpx and a bearer token issued by the tenant, independently of tenantctl's client.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import os
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import yaml

from tenantctl.generate.local_directory import LocalTenantEndpoint, seed_directory
from tenantctl.model import load_tenant
from tests.support.cli import Result, tenantctl
from tests.support.local_tenant_fixture import LocalTenantHandle

from .conftest import (
    ENGINE_BIN,
    ROOT,
    VENV,
    EngineEnv,
    PulumiProject,
    sourced_engine_settings,
)

PROJECT_NAME = "m365-tenant"
COPIED = ("__main__.py", "stacks", "teams_templates")

DEMO_SEED: dict[str, Any] = {"seed": 7, "users": 0, "guests": 0}
"""The tenant before the stack: subscriptions only; the stack's people are added next."""

DRIFT_LINE = re.compile(
    r"^\s*[-~+]+\s+(?P<type>[^\s:]+:\S+)\s+(?P<name>\S+)\s+(?P<op>update|delete|create)\b",
    re.MULTILINE,
)
"""A refresh's progress line for a resource whose live state differs from the state."""

SHAREPOINT_TENANT_API = "/_api/Microsoft.Online.SharePoint.TenantAdministration.Tenant"


@dataclass(frozen=True)
class Step:
    """One step of `pulumi preview --json`: its operation, resource type and name."""

    op: str
    type: str
    name: str

    @classmethod
    def from_json(cls, step: dict[str, Any]) -> Step:
        urn = str(step["urn"])
        type_path, name = urn.split("::")[2:4]
        return cls(op=str(step["op"]), type=type_path.rsplit("$", 1)[-1], name=name)

    @property
    def kind(self) -> str:
        """The short kind: `Group` for `pulumi-python:dynamic/tenantctl:Group`."""
        return self.type.rsplit(":", 1)[-1]


@dataclass(frozen=True)
class DemoStack:
    """A configured, not yet deployed, copy of the project bound to the local tenant."""

    project: PulumiProject
    tenant: LocalTenantHandle
    stack: str
    description: str = "demo"

    @property
    def directory(self) -> Path:
        return self.project.directory

    @property
    def data(self) -> Path:
        """The copy's `stacks/<description>/data` folder."""
        return self.directory / "stacks" / self.description / "data"

    def run(
        self, *args: str, expect_returncode: int | None = 0
    ) -> subprocess.CompletedProcess[str]:
        return self.project.run(*args, expect_returncode=expect_returncode)

    def with_engine_settings(self) -> DemoStack:
        """This stack run as the toolkit runs its updates, with scripts/engine-env.sh."""
        env = sourced_engine_settings(self.directory, self.project.engine.env, self.stack)
        engine = dataclasses.replace(self.project.engine, env=env)
        return dataclasses.replace(self, project=dataclasses.replace(self.project, engine=engine))

    def tenantctl(
        self, *args: str | Path, env: dict[str, str] | None = None, timeout: float = 300
    ) -> Result:
        """`tenantctl ARGS` in the copy, with its engine environment plus ENV; its memory is not
        bounded, as the commands may run the engine."""
        engine = self.project.engine.env
        return tenantctl(
            *args, base=engine, env=env, cwd=self.directory, timeout=timeout, bounded=False
        )

    def edit(self, relative: str, change: Callable[[dict[str, Any]], None]) -> None:
        """Load a YAML file of the copy's description, let CHANGE edit it, write it back."""
        path = self.data / relative
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
        change(document)
        path.write_text(yaml.safe_dump(document, allow_unicode=True, sort_keys=False), "utf-8")

    def preview_steps(self) -> list[Step]:
        """The steps `pulumi preview --json` plans, `same` steps included."""
        result = self.run("preview", "--json")
        return [Step.from_json(step) for step in json.loads(result.stdout).get("steps", [])]

    def changes(self) -> dict[tuple[str, str], str]:
        """The planned changes: (kind, name) -> op, for every step that is not `same`."""
        return {(s.kind, s.name): s.op for s in self.preview_steps() if s.op != "same"}

    def refresh_preview(self) -> tuple[int, dict[tuple[str, str], str]]:
        """`pulumi refresh --preview-only --expect-no-changes`: its exit code, and the drift
        it found as (kind, name) -> op, read from the progress lines (`--json` shows every
        step of a refresh as `refresh`, whether it found a change or not)."""
        result = self.run(
            "refresh", "--preview-only", "--expect-no-changes", expect_returncode=None
        )
        drift = {
            (match["type"].rsplit(":", 1)[-1], match["name"]): match["op"]
            for match in DRIFT_LINE.finditer(result.stdout)
        }
        return result.returncode, drift

    def state_resources(self) -> list[dict[str, Any]]:
        """The resources of the stack's last checkpoint."""
        state = self.project.engine.stack_state(PROJECT_NAME, self.stack)
        deployment: dict[str, Any] = state["checkpoint"]["latest"]  # type: ignore[index]
        return list(deployment.get("resources") or [])

    def start(self, *args: str) -> subprocess.Popen[str]:
        """Start `pulumi ARGS` in a session of its own, its output to a log in the project."""
        with (self.directory / f"pulumi-{args[0]}.log").open("w") as log:
            return subprocess.Popen(
                [str(ENGINE_BIN / "pulumi"), *args, "--non-interactive", "--color=never"],
                cwd=self.directory,
                env=self.project.engine.env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
                start_new_session=True,
            )

    @staticmethod
    def kill(process: subprocess.Popen[str]) -> None:
        """SIGKILL everything the command started: the CLI, the language host, the program
        and the providers. The CLI starts its plugins in process groups of their own, so
        the whole session is killed, not just the CLI's process group."""
        deadline = time.monotonic() + 30
        # Until the session is empty: a process may start another before it is killed, and
        # a killed process lingers until the kernel has torn it down.
        while members := session_members(process.pid):
            assert time.monotonic() < deadline, f"processes {members} outlived SIGKILL"
            for pid in members:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            time.sleep(0.05)
        process.wait(30)


def session_members(session: int) -> list[int]:
    """The live processes of a session (by /proc), the session leader first."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            # After the command name: state, ppid, pgrp, session; zombies are already dead.
            if int(fields[3]) == session and fields[0] != "Z":
                members.append(int(stat.parent.name))
    return sorted(members, key=lambda pid: pid != session)


def endpoint_of(tenant: LocalTenantHandle) -> LocalTenantEndpoint:
    """The local tenant's endpoint as tenantctl's seeding helpers take it."""
    return LocalTenantEndpoint(
        base_url=tenant.base_url,
        admin_url=f"{tenant.root_url}/_admin",
        admin_token=tenant.server.admin_token,
        authority=tenant.authority,
        certificate=str(tenant.certificate),
        tenant_id=tenant.tenant_id,
    )


def copy_project(target: Path) -> None:
    """The program, stack descriptions and templates, with Pulumi.yaml on the repo's .venv."""
    target.mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, target / name)
    pulumi_yaml = (ROOT / "Pulumi.yaml").read_text()
    assert "virtualenv: .venv" in pulumi_yaml
    pulumi_yaml = pulumi_yaml.replace("virtualenv: .venv", f"virtualenv: {VENV}")
    (target / "Pulumi.yaml").write_text(pulumi_yaml)


def prepare_demo_stack(
    base: Path,
    engine: EngineEnv,
    tenant: LocalTenantHandle,
    *,
    stack: str = "demo",
    description: str = "demo",
    before_seed: Callable[[DemoStack], None] | None = None,
) -> DemoStack:
    """A fresh tenant (subscriptions, the description's people and the seats its licence
    groups need) and a configured stack of DESCRIPTION (a folder under stacks/).

    BEFORE_SEED may edit the copy's description first; the people it names are seeded.
    """
    directory = base / "project"
    copy_project(directory)
    env = {
        **engine.env,
        "TENANTCTL_PROJECT": str(directory),
        "TENANTCTL_CA_BUNDLE": str(tenant.certificate),
    }
    project = PulumiProject(PROJECT_NAME, directory, dataclasses.replace(engine, env=env))
    demo = DemoStack(project, tenant, stack, description)
    if before_seed is not None:
        before_seed(demo)
    tenant.admin.reset(DEMO_SEED)
    tenant.admin.set_faults({})
    tenant.admin.set_behaviour(team_provision_s=0, files_folder_ready_s=0)
    loaded = load_tenant(demo.data, relative_to=directory).tenant
    seed_directory(endpoint_of(tenant), loaded)
    demo.run("stack", "init", stack)
    root = tenant.root_url
    demo.run(
        "config",
        "set-all",
        "--plaintext",
        f"description={description}",
        "--plaintext",
        "groupProvider=graph",
        "--plaintext",
        f"graphBaseUrl={tenant.base_url}",
        "--plaintext",
        f"sharepointAdminUrl={root}",
        "--plaintext",
        f"authorityHost={tenant.authority}",
        "--plaintext",
        f"tenantId={tenant.tenant_id}",
        "--plaintext",
        f"clientId={tenant.client_id}",
        "--plaintext",
        "credential=client_secret",
        "--secret",
        f"clientSecret={tenant.client_secret}",
    )
    return demo


def deploy_demo_stack(
    base: Path, engine: EngineEnv, tenant: LocalTenantHandle, **kwargs: Any
) -> DemoStack:
    """`prepare_demo_stack`, then `pulumi up`."""
    demo = prepare_demo_stack(base, engine, tenant, **kwargs)
    demo.run("up", "--yes")
    return demo


@dataclass(frozen=True)
class Drift:
    """One run of `tenantctl drift` in the deployed project."""

    code: int
    markdown: str
    report: dict[str, Any]
    stderr: str

    @property
    def drifted(self) -> set[tuple[str, str]]:
        return {(item["object"], item["property"]) for item in self.report["drift"]}

    @property
    def added(self) -> set[tuple[str, str]]:
        """(kind, object) of what was added by hand where the stack owns every one."""
        return {(item["kind"], item["object"]) for item in self.report["unmanaged"]}

    def status(self, object_: str) -> str:
        found = [
            i for i in [*self.report["drift"], *self.report["unmanaged"]] if object_ in i.values()
        ]
        return str(found[0]["status"])


def with_secret(demo: DemoStack) -> dict[str, str]:
    """The client secret the stack keeps as a Pulumi secret, as CI gives it to a job."""
    return {"AZURE_CLIENT_SECRET": demo.tenant.client_secret}


def run_drift(
    demo: DemoStack,
    accepted: Path | None = None,
    stack: str | None = None,
    state: Path | None = None,
    family: str | None = None,
) -> Drift:
    """`tenantctl drift` of the demo stack (or STACK) in the project, as CI runs it; of the
    exported STATE document instead of the stack's own state when given; of a shard of
    FAMILY when given."""
    out, md = demo.directory / "drift.json", demo.directory / "drift.md"
    for path in (out, md):
        path.unlink(missing_ok=True)
    args = ["drift", stack or demo.stack, "--cwd", demo.directory, "--json", out]
    args += ["--markdown", md, "--accepted", accepted or demo.directory / "none.yaml"]
    if family is not None:
        args += ["--family", family]
    env = with_secret(demo)
    if state is not None:  # Graph settings then come from the environment
        args += ["--state", state]
        env |= {
            "TENANTCTL_GRAPH_BASE_URL": demo.tenant.base_url,
            "TENANTCTL_SHAREPOINT_ADMIN_URL": demo.tenant.root_url,
            "TENANTCTL_CREDENTIAL": "token",
            "TENANTCTL_ACCESS_TOKEN": demo.tenant.token(),
        }
    result = demo.tenantctl(*args, env=env)
    report = json.loads(out.read_text()) if out.exists() else {}
    return Drift(result.returncode, md.read_text() if md.exists() else "", report, result.stderr)


class TenantView:
    """What the local tenant holds, read over plain Graph (and SharePoint admin) HTTP."""

    def __init__(self, tenant: LocalTenantHandle) -> None:
        headers = {"Authorization": f"Bearer {tenant.token()}"}
        self.http = httpx.Client(base_url=tenant.root_url, headers=headers, timeout=30)

    def close(self) -> None:
        self.http.close()

    def get(self, path: str, **params: str) -> dict[str, Any]:
        response = self.http.get(f"/v1.0/{path}", params=params)
        response.raise_for_status()
        body: dict[str, Any] = response.json()
        return body

    def exists(self, path: str) -> bool:
        response = self.http.get(f"/v1.0/{path}")
        if response.status_code == 404:
            return False
        response.raise_for_status()
        return True

    def collection(self, path: str, **params: str) -> list[dict[str, Any]]:
        """Every item of a collection, following `@odata.nextLink`."""
        items: list[dict[str, Any]] = []
        page = self.get(path, **params)
        while True:
            items.extend(page["value"])
            link = page.get("@odata.nextLink")
            if not link:
                return items
            response = self.http.get(link)
            response.raise_for_status()
            page = response.json()

    # Directory

    def groups(self) -> list[dict[str, Any]]:
        select = "id,displayName,mailNickname,groupTypes,membershipRule,securityEnabled,mailEnabled"
        return self.collection("groups", **{"$select": select, "$top": "999"})

    def groups_by_nickname(self) -> dict[str, dict[str, Any]]:
        """Groups by lower-cased mailNickname; fails on a duplicate nickname."""
        found: dict[str, dict[str, Any]] = {}
        for group in self.groups():
            key = str(group["mailNickname"]).lower()
            assert key not in found, f"two groups have mailNickname {key}"
            found[key] = group
        return found

    def group(self, nickname: str) -> dict[str, Any]:
        return self.groups_by_nickname()[nickname.lower()]

    def licences(self, group_id: str) -> list[dict[str, Any]]:
        group = self.get(f"groups/{group_id}", **{"$select": "assignedLicenses"})
        return list(group["assignedLicenses"])

    def upns(self, path: str) -> set[str]:
        """The user principal names of a group's owners or members."""
        return {
            str(user["userPrincipalName"]).lower()
            for user in self.collection(path, **{"$select": "userPrincipalName"})
        }

    def guests(self) -> dict[str, dict[str, Any]]:
        """Guest users by lower-cased mail."""
        users = self.collection(
            "users", **{"$filter": "userType eq 'Guest'", "$select": "id,mail,displayName,userType"}
        )
        return {str(user["mail"]).lower(): user for user in users}

    def guest_setting(self, group_id: str) -> dict[str, str] | None:
        """The values of the group's Group.Unified.Guest setting, if it has one."""
        for setting in self.collection(f"groups/{group_id}/settings"):
            if setting["templateId"] == "08d542b9-071f-4e16-94b0-74abb372e3d9":
                return {v["name"]: v["value"] for v in setting["values"]}
        return None

    # Teams

    def team(self, group_id: str) -> dict[str, Any]:
        return self.get(f"teams/{group_id}")

    def has_team(self, group_id: str) -> bool:
        return self.exists(f"groups/{group_id}/team")

    def channels(self, team_id: str) -> dict[str, dict[str, Any]]:
        """Channels by display name; fails on a duplicate name."""
        found: dict[str, dict[str, Any]] = {}
        for channel in self.collection(f"teams/{team_id}/channels"):
            name = str(channel["displayName"])
            assert name not in found, f"team {team_id} has two channels named {name}"
            found[name] = channel
        return found

    def roster(self, path: str) -> dict[str, tuple[str, ...]]:
        """Conversation members of a team or channel: lower-cased e-mail -> roles."""
        return {str(m["email"]).lower(): tuple(m["roles"]) for m in self.collection(path)}

    # SharePoint and policies

    def site_sharing(self, group_id: str) -> int:
        """The SharingCapability of the group's site, through SharePoint's admin API."""
        site = self.get(f"groups/{group_id}/sites/root")
        response = self.http.post(
            f"{SHAREPOINT_TENANT_API}/GetSitePropertiesByUrl",
            json={"url": site["webUrl"], "includeDetail": False},
            headers={"Accept": "application/json;odata=nometadata"},
        )
        response.raise_for_status()
        return int(response.json()["SharingCapability"])

    def partners(self) -> dict[str, dict[str, Any]]:
        """Cross-tenant access partners by tenant id."""
        return {
            str(p["tenantId"]).lower(): p
            for p in self.collection("policies/crossTenantAccessPolicy/partners")
        }

    def sharepoint_settings(self) -> dict[str, Any]:
        return self.get("admin/sharepoint/settings")


def assert_schema_clean(tenant: LocalTenantHandle) -> None:
    """Every Graph body the local tenant accepted or returned matched the v1.0 schema."""
    found = list(tenant.violations)
    tenant.violations.clear()
    lines = [f"{m} {p} ({d}): {'; '.join(v)}" for m, p, d, v in found[:20]]
    assert not found, "Graph schema violations:\n" + "\n".join(lines)
