"""Every round trip closes: a tenant the toolkit built is exported, the export validates, a
fresh stack on it adopts every object with its first `pulumi up` (the tenant gains, loses and
changes nothing), and its next preview shows no changes. Nothing the toolkit built is left
unclassified.

The stack descriptions are the project's own `demo`, a generated space set, and
`city_metropolis` at real size (about 470 resources, marked slow). The generated set has a
guest in a partner space's private channel, named by e-mail in the export.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tenantctl.generate.description import build
from tenantctl.generate.sizes import Size
from tenantctl.generate.stack import write_stack
from tenantctl.model import Channel, ChannelKind, Tenant, TenantIndex, load_tenant
from tests.support.cli import Result
from tests.support.local_tenant_fixture import LocalTenantHandle

from .conftest import isolated_engine_env
from .demo_stack import DemoStack, assert_schema_clean, prepare_demo_stack, with_secret

pytestmark = pytest.mark.engine

OBJECTS = (
    "user",
    "group",
    "grouplinks",
    "groupsetting",
    "team",
    "channel",
    "channelmember",
    "ctapartner",
)
"""What the tenant holds, by the local tenant's document kinds."""
ADOPTED = "adopted"
"""The fresh Pulumi stack that adopts the exported description."""
ENGINE_TIMEOUT_S = 1800


def mapping_of(tenant: Tenant) -> dict[str, Any]:
    """The export mapping of a tenant the toolkit built from this description: its
    organisations and partners, and each department the local directory gives its people
    (a listed directorate's people have its code as their department)."""
    return {
        "organisations": [o.model_dump(mode="json") for o in tenant.organisations],
        "departments": {
            department: d.code
            for d in tenant.directorates
            for department in d.membership.departments or (d.code,)
        },
        "partners": [
            p.model_dump(mode="json", exclude={"guests"}, exclude_none=True)
            for p in tenant.partners
        ],
        "review": next(s.review for s in tenant.spaces if s.review).model_dump(),
    }


Documents = dict[str, dict[str, Any]]


Roster = tuple[str, str, str, frozenset[str], frozenset[str]]


def channel_rosters(tenant: Tenant) -> set[Roster]:
    """Each channel as (space, channel, kind, owners, members), people in lower case."""
    return {
        (
            space.display_name,
            channel.name,
            channel.kind.value,
            frozenset(upn.lower() for upn in channel.owners),
            frozenset(upn.lower() for upn in channel.members),
        )
        for space in tenant.spaces
        for channel in space.channels
    }


def tenant_documents(tenant: LocalTenantHandle) -> Documents:
    """Every object the tenant holds, by kind and id, as stored."""
    return {kind: {d["id"]: d for d in tenant.admin.objects(kind)} for kind in OBJECTS}


def changed(before: Documents, after: Documents) -> list[str]:
    """The objects added, removed or changed, as `kind id` and the fields that differ."""
    found = []
    for kind in OBJECTS:
        for id_ in sorted(before[kind].keys() | after[kind].keys()):
            old, new = before[kind].get(id_), after[kind].get(id_)
            if old == new:
                continue
            old_body, new_body = (old or {}).get("body") or {}, (new or {}).get("body") or {}
            fields = sorted(
                key
                for key in old_body.keys() | new_body.keys()
                if old_body.get(key) != new_body.get(key)
            )
            what = "added" if old is None else "removed" if new is None else ", ".join(fields)
            found.append(f"{kind} {id_}: {what}")
    return found


def tenantctl(demo: DemoStack, *args: str | Path) -> Result:
    """`tenantctl ARGS` in the project, with the stack's secret from the environment."""
    return demo.tenantctl(*args, env=with_secret(demo), timeout=ENGINE_TIMEOUT_S)


def adopting_stack(demo: DemoStack, description: str) -> None:
    """A fresh stack on DESCRIPTION with the built stack's settings, selected."""
    config = yaml.safe_load((demo.directory / f"Pulumi.{demo.stack}.yaml").read_text())
    demo.run("stack", "init", ADOPTED)
    settings = [
        arg
        for key, value in config["config"].items()
        if isinstance(value, str) and not key.endswith(":description")
        for arg in ("--plaintext", f"{key.split(':', 1)[1]}={value}")
    ]
    demo.run(
        "config",
        "set-all",
        *settings,
        "--plaintext",
        f"description={description}",
        "--secret",
        f"clientSecret={demo.tenant.client_secret}",
    )


GENERATED = Size("T", organisations=2, directorates=4, headcount=6, spaces=10, partners=2)
"""A generated space set: six intra spaces (each with a named member), three inter and one
partner space, private channels here and there, licence groups with exclusions."""


def with_generated_stack(demo: DemoStack) -> None:
    """Write the generated tenant as the copy's `stacks/generated`, its partner space with a
    private channel that one of its guests is a member of."""
    tenant = build(GENERATED, seed=11)
    spaces = list(tenant.spaces)
    position, space = next((n, s) for n, s in enumerate(spaces) if s.guests)
    channel = Channel(
        name="Suivi avec le partenaire",
        kind=ChannelKind.PRIVATE,
        owners=space.owners[:1],
        members=space.guests[:1],
    )
    spaces[position] = space.model_copy(update={"channels": (*space.channels, channel)})
    edited = tenant.model_copy(update={"spaces": tuple(spaces)})
    write_stack(edited, demo.directory, "generated")


@pytest.mark.parametrize(
    "stack",
    ["demo", "generated", pytest.param("city_metropolis", marks=pytest.mark.slow)],
)
def test_a_tenant_the_toolkit_built_exports_validates_adopts_and_previews_clean(
    stack: str,
    tmp_path: Path,
    engine_bin: Path,
    local_tenant_server: LocalTenantHandle,
    capsys: pytest.CaptureFixture[str],
) -> None:
    tenant = local_tenant_server
    tenant.violations.clear()
    demo = prepare_demo_stack(
        tmp_path,
        isolated_engine_env(tmp_path / "engine"),
        tenant,
        description=stack,
        before_seed=with_generated_stack if stack == "generated" else None,
    )
    described = load_tenant(demo.data, relative_to=demo.directory).tenant
    timings: dict[str, float] = {}

    def timed(step: str, action: Any, *args: Any) -> Any:
        started = time.monotonic()
        result = action(*args)
        timings[step] = time.monotonic() - started
        return result

    def pulumi(*args: str) -> subprocess.CompletedProcess[str]:
        return demo.project.run(*args, timeout=ENGINE_TIMEOUT_S)

    timed("build (pulumi up)", pulumi, "up", "--yes", "--skip-preview")

    exported = f"{stack}_exported"
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(yaml.safe_dump(mapping_of(described), allow_unicode=True), "utf-8")
    out = demo.directory / "stacks" / exported
    export = timed(
        "tenantctl export",
        tenantctl,
        demo,
        "export",
        "--stack",
        demo.stack,
        "--mapping",
        str(mapping),
        "--out",
        str(out),
    )
    assert export.returncode == 0, export.stderr
    unclassified = yaml.safe_load((out / "unclassified.yaml").read_text())["unclassified"]
    assert unclassified == []

    validate = timed("tenantctl validate", tenantctl, demo, "validate", exported)
    assert validate.returncode == 0, validate.stdout + validate.stderr
    assert "Traceback" not in validate.stdout + validate.stderr
    again = load_tenant(out / "data", relative_to=demo.directory).tenant
    index = TenantIndex(described)
    assert {s.display_name: (s.kind, index.follows_directorate(s)) for s in again.spaces} == {
        s.display_name: (s.kind, index.space_membership(s)[0] is not None) for s in described.spaces
    }
    # Every channel comes back with its roster (a template's own channels come besides).
    assert channel_rosters(described) <= channel_rosters(again)

    adopting_stack(demo, exported)
    before = tenant_documents(tenant)
    up = timed("adopting pulumi up", pulumi, "up", "--yes", "--skip-preview")
    assert "adoption:" in up.stdout
    assert changed(before, tenant_documents(tenant)) == []
    timed("pulumi preview --expect-no-changes", pulumi, "preview", "--expect-no-changes")
    assert_schema_clean(tenant)
    with capsys.disabled():
        print(f"\n{stack}: " + ", ".join(f"{step} {s:.1f} s" for step, s in timings.items()))
