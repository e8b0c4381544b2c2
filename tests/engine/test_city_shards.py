"""The city stack split into its three shards (stacks/city_metropolis/data/shards.yaml), each a
Pulumi stack of its own, deployed by the real engine on the local tenant as CI does: the
tenant-wide shard first, then the two organisations' shards at once, each pacing within a
third of the app's Graph budgets, which the local tenant enforces per app. The tenant then
holds the whole city, every shard previews unchanged, and `tenantctl shards run` previews and
checks drift across the shards as one report.
"""

from __future__ import annotations

import json
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.model import Tenant, TenantIndex, load_tenant
from tenantctl.model.schema import SpaceKind
from tenantctl.model.shards import TENANT_WIDE, Split
from tenantctl.stack.shards import stack_of, stacks_of
from tests.support.azuread_state import as_azuread, preview_as_azuread
from tests.support.local_tenant_fixture import LocalTenantHandle

from .conftest import ENGINE_BIN, isolated_engine_env
from .demo_stack import (
    DemoStack,
    TenantView,
    assert_schema_clean,
    prepare_demo_stack,
    run_drift,
    with_secret,
)

pytestmark = [pytest.mark.engine, pytest.mark.slow, pytest.mark.timeout(2400)]
"""Seeding the city's 3,500 agents, then three engines on two cores: beyond the default 600 s."""

FAMILY = "city"
SHARE = "0.3333"


@dataclass(frozen=True)
class ShardedCity:
    stack: DemoStack
    description: Tenant
    view: TenantView
    stacks: list[str]
    seconds: dict[str, float]
    throttled: int


def up(stack: DemoStack, name: str) -> subprocess.Popen[str]:
    log = (stack.directory / f"up-{name}.log").open("w")
    command = [str(ENGINE_BIN / "pulumi"), "up", "--yes", "--skip-preview", "--stack", name]
    return subprocess.Popen(
        [*command, "--non-interactive", "--color=never"],
        cwd=stack.directory,
        env=stack.project.engine.env,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,  # so that a failed test kills its whole session
    )


def deploy(stack: DemoStack, names: list[str]) -> dict[str, float]:
    """`pulumi up` of the stacks at once; the seconds each took."""
    started = time.monotonic()
    running = {name: up(stack, name) for name in names}
    seconds = {}
    try:
        for name, process in running.items():
            code = process.wait(1800)
            seconds[name] = time.monotonic() - started
            log = (stack.directory / f"up-{name}.log").read_text()
            assert code == 0, log[-3000:]
    finally:
        for process in running.values():
            if process.poll() is None:
                DemoStack.kill(process)
    return seconds


@pytest.fixture(scope="module")
def city(
    tmp_path_factory: pytest.TempPathFactory,
    engine_bin: Path,
    local_tenant_server: LocalTenantHandle,
) -> Iterator[ShardedCity]:
    base = tmp_path_factory.mktemp("city-shards")
    local_tenant_server.violations.clear()
    tenant_wide = stack_of(FAMILY, TENANT_WIDE)
    stack = prepare_demo_stack(
        base,
        isolated_engine_env(base),
        local_tenant_server,
        stack=tenant_wide,
        description="city_metropolis",
    )
    description = load_tenant(stack.data, relative_to=stack.directory).tenant
    names = stacks_of(Split(description), FAMILY)
    for name in names[1:]:
        stack.run("stack", "init", name)
        stack.run("config", "cp", "--stack", tenant_wide, "--dest", name)
    for name, key in zip(names, Split(description).keys, strict=True):
        stack.run("config", "set", "shard", key, "--stack", name)
        stack.run("config", "set", "graphBudgetShare", SHARE, "--stack", name)
    local_tenant_server.admin.set_faults({"throttle": {"enabled": True}})
    local_tenant_server.admin.call("DELETE", "/_admin/counters")
    seconds = deploy(stack, names[:1]) | deploy(stack, names[1:])
    throttled = int(local_tenant_server.admin.counters()["statuses"].get("429", 0))
    local_tenant_server.admin.set_faults({})
    view = TenantView(local_tenant_server)
    print(f"\nthe city in three shards: {seconds}, {throttled} throttled")
    yield ShardedCity(stack, description, view, names, seconds, throttled)
    view.close()
    assert_schema_clean(local_tenant_server)


def test_the_shards_together_deploy_the_whole_city_within_the_apps_budget(
    city: ShardedCity,
) -> None:
    index, description = TenantIndex(city.description), city.description
    expected = (
        {index.directorate_mail_nickname(d).lower() for d in description.directorates}
        | {index.space_mail_nickname(s).lower() for s in description.spaces}
        | {index.licence_mail_nickname(g).lower() for g in description.licence_groups}
    )
    assert set(city.view.groups_by_nickname()) == expected
    assert {g.email.lower() for p in description.partners for g in p.guests} == set(
        city.view.guests()
    )
    assert city.throttled == 0


def test_each_shard_declares_its_part_and_the_parts_add_up(city: ShardedCity) -> None:
    declared = {
        name: [
            r
            for r in DemoStack(city.stack.project, city.stack.tenant, name).state_resources()
            if str(r["type"]).startswith("pulumi-python:")
        ]
        for name in city.stacks
    }
    urns = [str(r["urn"]).rsplit("::", 1)[-1] for found in declared.values() for r in found]
    assert len(urns) == len(set(urns))  # no resource in two shards
    assert all(declared.values())


@pytest.mark.parametrize("shard", ["tenant", "ville", "metropole"])
def test_every_shard_converges_unchanged(city: ShardedCity, shard: str) -> None:
    result = city.stack.run(
        "preview", "--expect-no-changes", "--json", "--stack", stack_of(FAMILY, shard)
    )
    summary = json.loads(result.stdout)["changeSummary"]
    assert set(summary) == {"same"}, summary


def test_preview_report_across_the_shards_is_one_report_of_no_risk(city: ShardedCity) -> None:
    out = city.stack.directory / "previews.json"
    run = city.stack.tenantctl(
        "shards", "run", "preview-report", FAMILY, "--cwd", city.stack.directory,
        "--json", out, "--markdown", out.with_suffix(".md"),
        env=with_secret(city.stack), timeout=900,
    )  # fmt: skip
    assert run.returncode == ExitCode.OK, run.stderr
    report = json.loads(out.read_text())
    assert [s["stack"] for s in report["shards"]] == city.stacks
    assert set(report["total"]["summary"]) == {"same"}
    markdown = out.with_suffix(".md").read_text()
    assert all(f"## {name}" in markdown for name in city.stacks)


def test_drift_across_the_shards_names_a_hand_change_in_its_shard_only(city: ShardedCity) -> None:
    out = city.stack.directory / "drift.json"
    args = ["shards", "run", "drift", FAMILY, "--cwd", city.stack.directory, "--json", out]
    args += ["--", "--accepted", city.stack.directory / "none.yaml"]
    clean = city.stack.tenantctl(*args, env=with_secret(city.stack), timeout=900)
    assert clean.returncode == ExitCode.OK, clean.stderr
    report = json.loads(out.read_text())
    assert report["total"]["drift"] == 0 and report["total"]["unmanaged"] == 0
    objects = [s["report"]["counts"]["objects"] for s in report["shards"]]
    assert report["total"]["counts"]["objects"] == sum(objects) > 0

    index, split = TenantIndex(city.description), Split(city.description)
    space = next(
        s
        for s in city.description.spaces
        if s.kind is SpaceKind.INTER and split.space(s) == "metropole"
    )
    group = city.view.group(index.space_mail_nickname(space))
    admin = city.stack.tenant.admin
    admin.graph("PATCH", f"/groups/{group['id']}", {"displayName": "Renommé à l'heure d'été"})
    try:
        changed = city.stack.tenantctl(*args, env=with_secret(city.stack), timeout=900)
    finally:
        admin.graph("PATCH", f"/groups/{group['id']}", {"displayName": group["displayName"]})
    assert changed.returncode == ExitCode.ATTENTION, changed.stderr
    report = json.loads(out.read_text())
    codes = {s["stack"]: s["exit_code"] for s in report["shards"]}
    assert codes == {"city": 0, "city-ville": 0, "city-metropole": 3}
    (shard,) = [s for s in report["shards"] if s["stack"] == "city-metropole"]
    assert {(d["object"], d["property"]) for d in shard["report"]["drift"]} == {
        (f"space-{space.key}-group", "display_name")
    }


def test_the_shards_as_azuread_declares_them_summarise_as_the_graph_layers(
    city: ShardedCity,
) -> None:
    """Each shard's state and preview rewritten as `groupProvider: azuread` leaves them
    (pulumi-azuread's groups, licences and invitations): per-shard drift and preview-report
    of those documents summarise as one, checking as many objects as the Graph layer's."""
    folder = city.stack.directory / "azuread"
    folder.mkdir()
    users = {u.lower(): i for u, i in _user_ids(city).items()}
    for name in city.stacks:
        shard = DemoStack(city.stack.project, city.stack.tenant, name)
        document = {"version": 3, "deployment": {"resources": shard.state_resources()}}
        state = folder / f"{name}.state.json"
        state.write_text(json.dumps(as_azuread(document, city.stack.tenant)))
        drift = run_drift(city.stack, stack=name, state=state, family=FAMILY)
        assert drift.code == ExitCode.OK, (drift.stderr, drift.markdown)
        (folder / f"{name}.json").write_text(json.dumps(drift.report))
        (folder / f"{name}.md").write_text(drift.markdown)
        preview = city.stack.run("preview", "--json", "--show-sames", "--stack", name)
        steps = folder / f"{name}.preview-steps.json"
        steps.write_text(json.dumps(preview_as_azuread(json.loads(preview.stdout), users)))
        out = folder / f"{name}.preview.json"
        report = city.stack.tenantctl(
            "preview-report", name, "--from", steps, "--json", out,
            "--markdown", out.with_suffix(".md"), "--cwd", city.stack.directory,
        )  # fmt: skip
        assert report.returncode == ExitCode.OK, report.stderr
    drifts = [folder / f"{name}.json" for name in city.stacks]
    merged = city.stack.tenantctl("shards", "summarise", "drift", *drifts, "--json", folder / "d")
    assert merged.returncode == ExitCode.OK, merged.stderr
    summary = json.loads((folder / "d").read_text())
    graph = sum(
        len([r for r in DemoStack(city.stack.project, city.stack.tenant, n).state_resources()
             if str(r["type"]).startswith("pulumi-python:")])
        for n in city.stacks
    )  # fmt: skip
    assert summary["total"]["counts"]["objects"] == graph
    previews = [folder / f"{name}.preview.json" for name in city.stacks]
    merged = city.stack.tenantctl("shards", "summarise", "preview", *previews)
    assert merged.returncode == ExitCode.OK, merged.stderr
    assert "# Preview of 3 shards: nothing to look at" in merged.stdout


def _user_ids(city: ShardedCity) -> dict[str, str]:
    users = city.view.collection("users", **{"$select": "id,userPrincipalName", "$top": "999"})
    return {str(u["userPrincipalName"]): str(u["id"]) for u in users}
