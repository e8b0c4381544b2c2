"""`tenantctl shards`: a split tenant's stacks (docs/engine.md, "Shards"), previewed or checked
for drift all at once and summarised as one report (`tenantctl.cli.shards_summary`)."""

from __future__ import annotations

import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import click

from tenantctl.cli.shards_summary import Kind, ShardReport, as_json, markdown, read_report, worst
from tenantctl.jobs.cli import finish, job, job_options
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.shards import family_stacks
from tenantctl.stack.shards import stack_of

COMMANDS: dict[str, Kind] = {"preview-report": "preview", "drift": "drift"}
KINDS = sorted(set(COMMANDS.values()))


@click.group("shards")
def shards_group() -> None:
    """Work on every shard of a split tenant at once."""


@shards_group.command("list")
@click.argument("family")
@click.option("--cwd", type=click.Path(file_okay=False, path_type=Path), default=Path("."))
def list_command(family: str, cwd: Path) -> None:
    """Print the stacks of FAMILY, tenant-wide first (one a line)."""
    with job("shards list", False):
        click.echo("\n".join(family_stacks(family, cwd)))


@shards_group.command("stack")
@click.argument("family")
@click.argument("shard")
def stack_command(family: str, shard: str) -> None:
    """Print the stack deploying SHARD of FAMILY: FAMILY itself for the tenant-wide shard
    (`tenant`), FAMILY-SHARD for the others."""
    click.echo(stack_of(family, shard))


@shards_group.command("run", context_settings={"ignore_unknown_options": True})
@click.argument("command", type=click.Choice(sorted(COMMANDS)))
@click.argument("family")
@click.argument("extra", nargs=-1, type=click.UNPROCESSED)
@job_options
def run_command(
    command: str,
    family: str,
    extra: tuple[str, ...],
    cwd: Path,
    markdown_out: Path | None,
    json_out: Path | None,
    show_progress: bool,
) -> None:
    """Run `tenantctl COMMAND` on every stack of FAMILY at once (EXTRA passed to each), and
    summarise them as one report. Exit code: the worst of the shards'."""
    kind = COMMANDS[command]
    with job(f"shards {command}", show_progress) as show:
        stacks = family_stacks(family, cwd)
        show.set(f"{command} of {len(stacks)} shards")
        # Drift of a shard counts the other shards' objects as managed, not as unmanaged.
        args = ("--family", family, *extra) if command == "drift" else extra
        with (
            tempfile.TemporaryDirectory(prefix="tenantctl-shards-") as folder,
            ThreadPoolExecutor(max_workers=len(stacks)) as pool,
        ):
            reports = list(
                pool.map(lambda stack: _run(command, stack, args, cwd, Path(folder)), stacks)
            )
    _finish(kind, reports, markdown_out, json_out)


@shards_group.command("summarise")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@job_options
def summarise_command(
    kind: Kind,
    reports: tuple[Path, ...],
    cwd: Path,
    markdown_out: Path | None,
    json_out: Path | None,
    show_progress: bool,
) -> None:
    """Summarise the shards' --json REPORTS (their --markdown beside them, `.md`) as one.
    Exit code: the worst of the shards'."""
    with job("shards summarise", show_progress):
        read = [read_report(kind, path) for path in reports]
    _finish(kind, read, markdown_out, json_out)


def _finish(
    kind: Kind, reports: list[ShardReport], markdown_out: Path | None, json_out: Path | None
) -> None:
    code = worst([r.code for r in reports])
    finish(markdown(kind, reports), as_json(kind, reports), markdown_out, json_out, code)


def _run(command: str, stack: str, extra: tuple[str, ...], cwd: Path, folder: Path) -> ShardReport:
    """`tenantctl COMMAND STACK` in its own process; its report (written also on error)."""
    out = folder / f"{stack}.json"
    args = [command, stack, "--cwd", str(cwd), "--json", str(out)]
    args += ["--markdown", str(out.with_suffix(".md")), *extra]
    result = subprocess.run(
        [sys.executable, "-c", "from tenantctl.cli import main; main()", *args],
        capture_output=True,
        text=True,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if out.is_file():
        return read_report(COMMANDS[command], out)
    return _error(stack, (result.stderr.strip().splitlines() or ["no output"])[-1])


def _error(stack: str, said: str) -> ShardReport:
    """The report of a shard whose command wrote none: what went wrong."""
    return ShardReport(stack, {"stack": stack, "error": said}, f"Error: {said}\n", ExitCode.ERROR)
