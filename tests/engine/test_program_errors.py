"""The program (`__main__.py`) stops with one line, never a traceback: a description error
names its file, line and key; any other error names itself and where it was raised."""

from __future__ import annotations

import pytest

from .demo_stack import DemoStack

pytestmark = pytest.mark.engine


def test_an_error_in_the_stacks_own_code_is_one_line(demo: DemoStack) -> None:
    module = demo.directory / "stacks" / "demo" / "__init__.py"
    text = module.read_text(encoding="utf-8")
    module.write_text(
        text.replace(
            '    return load_stack_data(Path(__file__).parent / "data")',
            '    raise KeyError("organisations d\'été")',
        ),
        encoding="utf-8",
    )
    line = next(n for n, row in enumerate(module.read_text().splitlines(), 1) if "raise" in row)

    failed = demo.run("preview", expect_returncode=None)

    assert failed.returncode != 0
    assert "Traceback" not in failed.stdout + failed.stderr
    assert (
        f'error: internal error: KeyError: "organisations d\'été" at __init__.py:{line} '
        "(a bug: please report it; TENANTCTL_TRACEBACK=1 shows the traceback)"
    ) in failed.stdout


def test_a_description_error_names_its_file_line_and_key(demo: DemoStack) -> None:
    demo.edit("spaces/intra.yaml", lambda doc: doc["spaces"][0].update(kind="intranet"))

    failed = demo.run("preview", expect_returncode=None)

    assert failed.returncode != 0
    assert "Traceback" not in failed.stdout + failed.stderr
    assert (
        "stacks/demo/data/spaces/intra.yaml:3: error: spaces[drh-equipe].kind: Input should be "
        "'intra', 'inter' or 'partner'"
    ) in failed.stdout


def test_a_shard_the_description_does_not_declare_is_one_line_with_the_fix(
    demo: DemoStack,
) -> None:
    demo.run("config", "set", "shard", "ville")

    failed = demo.run("preview", expect_returncode=None)

    assert failed.returncode != 0
    assert "Traceback" not in failed.stdout + failed.stderr
    assert (
        "error: m365-tenant:shard is 'ville' but description 'demo' declares no 'shards': "
        "add a 'shards' section, or `pulumi config rm shard`"
    ) in failed.stdout


def test_a_shard_taking_more_than_its_share_of_the_budgets_is_refused_before_any_change(
    demo: DemoStack,
) -> None:
    demo.edit("tenant.yaml", lambda doc: doc.update(shards=[_ALL_OF_THE_COMMUNE]))
    demo.run("stack", "rename", "demo-mairie")
    demo.run("config", "set", "shard", "mairie")
    demo.tenant.admin.call("DELETE", "/_admin/counters")

    failed = demo.run("preview", expect_returncode=None)

    assert failed.returncode != 0
    assert "Traceback" not in failed.stdout + failed.stderr
    assert (
        "error: m365-tenant:graphBudgetShare is 1: 2 shards running at once may each take at "
        "most 0.5 of the app's Graph budgets (fix: `pulumi config set graphBudgetShare 0.5`)"
    ) in failed.stdout
    assert demo.tenant.admin.counters()["total"] == 0


_ALL_OF_THE_COMMUNE = {"key": "mairie", "organisations": ["commune"]}
