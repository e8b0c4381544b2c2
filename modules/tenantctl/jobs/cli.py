"""What the CI commands share on the command line: options, error handling, outputs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.failures import one_line_errors
from tenantctl.jobs.progress import Progress, progress, wanted

F = TypeVar("F", bound=Callable[..., Any])

OPTIONS = (
    click.option(
        "--cwd",
        type=click.Path(file_okay=False, path_type=Path),
        default=Path("."),
        help="The Pulumi project directory.",
    ),
    click.option(
        "--markdown", "markdown_out", type=click.Path(path_type=Path), help="Write Markdown here."
    ),
    click.option("--json", "json_out", type=click.Path(path_type=Path), help="Write JSON here."),
    click.option("--progress", "show_progress", is_flag=True, help="Show progress even in CI."),
)


def job_options(command: F) -> F:
    """Add --cwd, --markdown, --json and --progress."""
    for option in reversed(OPTIONS):
        command = option(command)
    return command


@contextmanager
def job(
    name: str, show_progress: bool, on_error: Callable[[str], None] | None = None
) -> Iterator[Progress]:
    """Run the job's work with progress; a failure is one line (`failures.one_line_errors`),
    handed to `on_error` (to write a report saying so)."""
    with one_line_errors(name, on_error), progress(wanted(show_progress)) as show:
        yield show


def finish(
    text: str,
    document: dict[str, Any],
    markdown_out: Path | None,
    json_out: Path | None,
    code: ExitCode,
) -> NoReturn:
    """Write the Markdown (stdout by default) and JSON; exit with CODE."""
    write_outputs(text, document, markdown_out, json_out)
    if not markdown_out:
        click.echo(text, nl=False)
    raise SystemExit(code)


def write_outputs(
    text: str, document: dict[str, Any], markdown_out: Path | None, json_out: Path | None
) -> None:
    """Write the Markdown and the JSON to the files asked for."""
    if markdown_out:
        markdown_out.write_text(text, encoding="utf-8")
    if json_out:
        json_out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
