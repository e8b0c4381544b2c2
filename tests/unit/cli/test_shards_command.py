"""`tenantctl shards summarise`: one report of the shards' reports, exiting with the worst code;
bad input is one line naming the file."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import one_error, tenantctl
from tests.unit.cli.test_shards_summary import CALM, RISKY, drift, write


def test_summarise_prints_one_report_and_exits_with_the_worst_code(tmp_path: Path) -> None:
    files = [write(tmp_path, CALM), write(tmp_path, RISKY)]
    out = tmp_path / "summary.json"
    result = tenantctl("shards", "summarise", "preview", *files, "--json", out)
    assert result.returncode == 3, result.stderr
    assert result.stdout.startswith("<!-- tenantctl:preview-report -->\n# Preview of 2 shards")
    assert json.loads(out.read_text())["exit_code"] == 3


def test_summarise_of_clean_drift_exits_zero(tmp_path: Path) -> None:
    files = [write(tmp_path, drift("a-tenant", 5, 1)), write(tmp_path, drift("a-ville", 7, 2))]
    result = tenantctl("shards", "summarise", "drift", *files)
    assert result.returncode == 0, result.stderr
    assert "Total: 12 objects in 3 requests" in result.stdout


def test_a_report_that_is_not_json_is_one_line_naming_it(tmp_path: Path) -> None:
    broken = tmp_path / "broken.json"
    broken.write_text("{not json")
    line = one_error(tenantctl("shards", "summarise", "drift", broken))
    assert str(broken) in line and "is not JSON" in line


def test_stack_names_the_tenant_wide_shard_after_its_family() -> None:
    assert tenantctl("shards", "stack", "prod", "tenant").stdout == "prod\n"
    assert tenantctl("shards", "stack", "prod", "ville").stdout == "prod-ville\n"
