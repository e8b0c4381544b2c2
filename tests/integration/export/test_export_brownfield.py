"""Exporting a hand-made tenant: classification, what is left out, the import plan."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from tenantctl.cli import main
from tenantctl.export import Filters
from tenantctl.governance.plan import plan_resources
from tenantctl.jobs.urns import kind_of
from tenantctl.model import Severity
from tenantctl.stack.project import load_stack_data
from tests.integration.export.brownfield import MAPPING, UNMAPPED_TENANT, Brownfield
from tests.integration.export.conftest import run_export
from tests.support.cli import tenantctl
from tests.support.local_tenant_fixture import LocalTenantHandle

pytestmark = pytest.mark.integration

ROOT = Path(__file__).resolve().parents[3]


async def test_a_brownfield_tenant_exports_to_a_valid_description(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    out = tmp_path / "stack"
    await run_export(local_tenant, out)
    loaded = load_stack_data(out / "data")
    tenant = loaded.tenant
    spaces = {s.adopt: s for s in tenant.spaces}
    kinds = {
        name: spaces[brownfield.groups[name]].kind.value
        for name in ("rh", "chantiers", "eau", "mediatheque")
    }
    assert kinds == {"rh": "intra", "chantiers": "inter", "eau": "partner", "mediatheque": "intra"}
    rh = spaces[brownfield.groups["rh"]]
    assert rh.display_name == "RH : l'équipe (2024)!" and rh.directorates == ("DRH",)
    assert [(c.name, c.kind.value) for c in rh.channels] == [
        ("Recrutement 2024-25", "standard"),
        ("Dossiers sensibles", "private"),
    ]
    assert rh.channels[1].owners == ("rh.un@brume.fr",)
    assert rh.channels[1].members == ("rh.trois@brume.fr",)
    assert all(c.adopt for c in rh.channels)
    chantiers = spaces[brownfield.groups["chantiers"]]
    assert chantiers.directorates == ("TECH", "CULT")
    assert chantiers.channels[0].kind.value == "shared"
    eau = spaces[brownfield.groups["eau"]]
    assert set(eau.guests) == {"helene.brunel@eaux-lys.fr", "marc.roy@assainis.com"}
    assert set(eau.partners) == {"syndicat-eaux", "assainis"}
    assert eau.site.sharing.value == "existing_guests"
    # The tenant has no Group.Unified setting: owners may add guests, the template's default.
    assert tenant.tenant.guests_can_be_added_to_groups is True
    partners = {p.key: p for p in tenant.partners}
    assert partners["syndicat-eaux"].name == "Syndicat des eaux du Lys"
    assert (
        partners["syndicat-eaux"].guests[0].adopt == brownfield.guests["helene.brunel@eaux-lys.fr"]
    )
    (licence,) = tenant.licence_groups
    assert (licence.sku, licence.disabled_plans) == (
        "ENTERPRISEPACK",
        ("SWAY", "YAMMER_ENTERPRISE"),
    )
    assert licence.users == ("cult.deux@brume.fr", "cult.un@brume.fr")
    assert {d.code: d.membership.departments for d in tenant.directorates} == {
        "DRH": ("Ressources humaines",),
        "TECH": ("Services techniques",),
        "CULT": ("Culture",),
    }
    # Validation flags the one-owner team, by name, as a warning only.
    (warning,) = [w for w in loaded.warnings if w.severity is Severity.WARNING]
    mediatheque = spaces[brownfield.groups["mediatheque"]]
    assert warning.key == f"spaces[{mediatheque.key}].owners"
    assert "1 owner(s)" in warning.message and str(warning.source).startswith(str(out))


async def test_what_cannot_be_classified_is_kept_with_its_reason(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    out = tmp_path / "stack"
    await run_export(local_tenant, out)
    left = yaml.safe_load((out / "unclassified.yaml").read_text())["unclassified"]
    by_id = {item["id"]: item for item in left}
    assert by_id[brownfield.groups["old-list"]]["reason"] == (
        "neither a directorate's agents group, a licence group nor a team"
    )
    assert by_id[UNMAPPED_TENANT]["kind"] == "cross_tenant_partners"
    assert not (out / "data" / "unclassified.yaml").exists()


async def test_the_import_plan_names_azuread_groups_and_licences_under_their_components(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    out = tmp_path / "stack"
    export, _, _ = await run_export(local_tenant, out)
    resources = json.loads((out / "import.json").read_text())["resources"]
    licence = export.tenant.licence_groups[0]
    assert {
        "type": "tenantctl:m365:LicenceGroup",
        "name": f"licence-{licence.key}",
        "component": True,
    } in resources
    assert {
        "type": "azuread:index/groupLicense:GroupLicense",
        "name": f"licence-{licence.key}-licence",
        "id": f"{brownfield.groups['licence']}/license/6fd2c87f-b296-42f0-b197-1e91e994b900",
        "parent": f"licence-{licence.key}",
    } in resources
    groups = {r["id"] for r in resources if r["type"] == "azuread:index/group:Group"}
    assert f"/groups/{brownfield.groups['DRH']}" in groups
    assert len(groups) == 3 + 4 + 1


async def test_every_imported_object_is_one_the_azuread_program_declares(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    """`pulumi import` adopts what `pulumi up` of the exported description would otherwise
    create: each entry's type and name (under its component) are a resource the program
    plans with `groupProvider: azuread`, and the Graph layer adopts the same groups by id."""
    out = tmp_path / "stack"
    export, _, _ = await run_export(local_tenant, out)
    entries = json.loads((out / "import.json").read_text())["resources"]
    imported = {(kind_of(r["type"]), r["name"]) for r in entries if not r.get("component")}
    by_azuread = plan_resources(export.tenant, "azuread")
    by_graph = plan_resources(export.tenant, "graph")

    assert imported <= {(r.kind, r.name) for r in by_azuread}
    assert {("Group", name) for kind, name in imported if kind == "Group"} == {
        (r.kind, r.name) for r in by_graph if r.kind == "Group" and r.props.get("adopt_id")
    }


async def test_filters_keep_one_kind_and_matching_names(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    export, snapshot, _ = await run_export(
        local_tenant, tmp_path / "stack", Filters(kinds=("spaces",), pattern="*chantiers*")
    )
    assert [s.adopt for s in export.tenant.spaces] == [brownfield.groups["chantiers"]]
    assert not export.tenant.directorates and not export.tenant.licence_groups
    assert snapshot.selected == {brownfield.groups["chantiers"]}


def test_the_command_writes_the_stack_and_prints_its_request_count(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    mapping = tmp_path / "mapping.yaml"
    mapping.write_text(MAPPING, encoding="utf-8")
    out = tmp_path / "brownfield"
    result = CliRunner().invoke(
        main,
        ["export", "--out", str(out), "--mapping", str(mapping), "--kind", "spaces"],
        env={
            "TENANTCTL_GRAPH_BASE_URL": local_tenant.base_url,
            "TENANTCTL_SHAREPOINT_ADMIN_URL": local_tenant.root_url,
            "TENANTCTL_ACCESS_TOKEN": local_tenant.token(),
        },
    )
    assert result.exit_code == 0, result.output
    assert "exported 0 directorates, 4 spaces" in result.stderr
    requests, minimum = re.search(
        r"requests: (\d+) \(minimum for these objects: (\d+)\)", result.stderr
    ).groups()  # type: ignore[union-attr]
    assert int(minimum) <= int(requests) <= 1.5 * int(minimum)
    assert "━" not in result.stderr  # no progress bar outside a terminal
    assert (out / "__init__.py").is_file() and (out / "data" / "spaces.yaml").is_file()


async def test_the_exported_folder_validates_by_its_path_without_a_traceback(
    local_tenant: LocalTenantHandle, brownfield: Brownfield, tmp_path: Path
) -> None:
    out = tmp_path / "ville de brume"
    await run_export(local_tenant, out)

    result = tenantctl("validate", out, cwd=tmp_path, env={"TENANTCTL_PROJECT": str(ROOT)})

    assert "Traceback" not in result.stdout + result.stderr
    assert result.returncode == 0, result.stderr
    summary = result.stderr.splitlines()[-1]
    assert summary.startswith(f"{out} is valid: 1 organisations, 3 directorates, 4 team spaces")
