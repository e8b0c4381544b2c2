"""`failures.explain`: any error in one line, the toolkit's own as written, an unexpected one
as a bug with its type and place (the Graph layer's errors: tests/integration/graph_layer/
test_graph_failures.py)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tenantctl.jobs.failures import TRACEBACK_VARIABLE, explain, show_traceback
from tenantctl.model import TenantDescriptionError, load_tenant
from tenantctl.user_error import UserError


def test_a_user_error_is_shown_as_written_on_one_line() -> None:
    error = UserError("mapping.yaml: organisations.0.prefix:\n  Field required")
    assert explain(error) == "mapping.yaml: organisations.0.prefix: Field required"


def test_an_unexpected_error_is_a_bug_with_its_type_message_and_place() -> None:
    def broken() -> None:
        raise KeyError("mail_nickname")

    with pytest.raises(KeyError) as raised:
        broken()

    line = broken.__code__.co_firstlineno + 1
    assert explain(raised.value) == (
        f"internal error: KeyError: 'mail_nickname' at test_failures.py:{line} "
        f"(a bug: please report it; {TRACEBACK_VARIABLE}=1 shows the traceback)"
    )


def test_a_missing_file_names_the_file(tmp_path: Path) -> None:
    with pytest.raises(OSError) as raised:
        (tmp_path / "prix d'été.yaml").read_text()
    assert explain(raised.value) == f"No such file or directory: {tmp_path}/prix d'été.yaml"


def test_a_description_error_is_one_line_per_finding(tmp_path: Path) -> None:
    (tmp_path / "tenant.yaml").write_text("tenant:\n  name: [unclosed\n", encoding="utf-8")
    (tmp_path / "people.yaml").write_text("people: {\n", encoding="utf-8")
    with pytest.raises(TenantDescriptionError) as raised:
        load_tenant(tmp_path, relative_to=tmp_path)

    lines = explain(raised.value).splitlines()

    assert [line.split(": error: ")[0] for line in lines] == ["people.yaml:2", "tenant.yaml:3"]
    assert all("(file): malformed YAML" in line and "(fix: " in line for line in lines)


@pytest.mark.parametrize(("value", "shown"), [("", False), ("0", False), ("1", True)])
def test_tracebacks_are_shown_only_when_asked_for(
    monkeypatch: pytest.MonkeyPatch, value: str, shown: bool
) -> None:
    monkeypatch.setenv(TRACEBACK_VARIABLE, value)
    assert show_traceback() is shown
