"""`tenantctl generate`: the same seed gives the same bytes, sizes are as announced, the S
stack validates with no finding and its seed loads into a local tenant data directory."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from local_tenant.tenant import Tenant as LocalTenant
from tenantctl.cli import main
from tenantctl.generate import SIZES, load_seed
from tenantctl.model import SpaceKind, load_tenant
from tenantctl.stack.project import available_templates


def generate(out: Path, seed: int) -> Path:
    result = CliRunner().invoke(
        main, ["generate", "--size", "S", "--seed", str(seed), "--out", str(out)]
    )
    assert result.exit_code == 0, result.output
    return out


def files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("small"), seed=7)


def test_the_same_seed_gives_byte_identical_output(small: Path, tmp_path: Path) -> None:
    again = files(generate(tmp_path / "again", seed=7))
    assert again == files(small)
    assert files(generate(tmp_path / "other", seed=8)) != again


def test_the_s_stack_validates_with_no_finding(small: Path) -> None:
    stack = small / "stacks" / "synthetic_s"
    loaded = load_tenant(stack / "data", templates=available_templates())
    tenant = loaded.tenant
    assert loaded.warnings == ()
    assert (stack / "__init__.py").is_file()
    assert len(tenant.directorates) == SIZES["S"].directorates == 35
    assert len(tenant.spaces) == SIZES["S"].spaces == 300
    assert {s.kind for s in tenant.spaces} == set(SpaceKind)
    assert sum(len(s.channels) for s in tenant.spaces) > len(tenant.spaces)
    assert len(tenant.partners) == SIZES["S"].partners
    assert tenant.licence_groups
    moving = [code for wave in tenant.waves for code in wave.directorates]
    assert len(tenant.waves) == 4 and sorted(moving) == sorted(d.code for d in tenant.directorates)


def test_sizes_grow_tenfold_and_beyond() -> None:
    assert [(s.users, s.spaces) for s in SIZES.values()] == [
        (3_500, 300),
        (35_000, 3_000),
        (100_000, 10_000),
    ]


def test_the_seed_has_every_user_with_department_and_activity(small: Path) -> None:
    lines = (small / "synthetic_s.users.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == SIZES["S"].users
    assert all('"department": "D' in line and '"_activity": {' in line for line in lines)


def test_the_seed_loads_into_a_local_tenant_data_directory(small: Path, tmp_path: Path) -> None:
    loaded = load_seed(small / "synthetic_s.users.jsonl", tmp_path)
    tenant = LocalTenant(tmp_path)
    try:
        users = tenant.store.list("user")
        assert loaded == len(users) == SIZES["S"].users
        assert users[0]["department"].startswith("D0001 - ")
        assert set(users[0]["_activity"]) >= {"adoption", "inactive", "salt"}
        assert tenant.store.count("subscribedsku") > 0
    finally:
        tenant.store.close()
