"""What the CI commands share on the command line: options, error handling, outputs."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import click

from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.graph_access import FAILURES, explain
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
def one_line_errors(name: str) -> Iterator[None]:
    """Run a command's work; a known failure (Graph's answer, an unreachable tenant or token
    endpoint, no credential, a file that cannot be read) prints one line and exits ERROR."""
    try:
        yield
    except FAILURES as error:
        click.echo(f"{name}: error: {explain(error)}", err=True)
        raise SystemExit(ExitCode.ERROR) from None


@contextmanager
def job(name: str, show_progress: bool) -> Iterator[Progress]:
    """Run the job's work with progress (see `one_line_errors`)."""
    with one_line_errors(name), progress(wanted(show_progress)) as show:
        yield show


def finish(
    text: str,
    document: dict[str, Any],
    markdown_out: Path | None,
    json_out: Path | None,
    attention: bool,
) -> NoReturn:
    """Write the Markdown (stdout by default) and JSON; exit ATTENTION or OK."""
    if markdown_out:
        markdown_out.write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    if json_out:
        json_out.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")
    raise SystemExit(ExitCode.ATTENTION if attention else ExitCode.OK)
