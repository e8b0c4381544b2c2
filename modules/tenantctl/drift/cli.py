"""`tenantctl drift STACK`: the scheduled drift detection job."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import heapq
import shutil
import sys
import tempfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click

from tenantctl.drift import accept
from tenantctl.drift.bulk import BulkReadClient
from tenantctl.drift.checkpoint import checkpoint_file
from tenantctl.drift.compare import (
    Compared,
    added_in_tenant,
    places_to_read,
    read_all,
    unmanaged_groups,
)
from tenantctl.drift.report import Counts, DriftReport, as_json, build, markdown
from tenantctl.drift.snapshot import DirectorySnapshot
from tenantctl.drift.state import Declared, StateIndex, declared, index_state
from tenantctl.graph import RetryEvent
from tenantctl.jobs.cli import finish, job, job_options
from tenantctl.jobs.exit_codes import ExitCode
from tenantctl.jobs.graph_access import open_client
from tenantctl.jobs.progress import Progress
from tenantctl.jobs.pulumi_cli import JobError, pulumi_output, stack_config
from tenantctl.jobs.shards import family_stacks

EARLY_KINDS = frozenset(
    {
        "Team",
        "TeamSettings",
        "Channel",
        "GroupDirectorySettings",
        "SiteSharing",
        "CrossTenantPartner",
        "TenantSharingSettings",
        "TenantGroupSettings",
    }
)
"""Kinds read from the start, while the snapshot's delta rounds run; the others start once the
rounds end and the users the state names are listed, beside what is left of these (they
compare people, and a pulumi-azuread resource names its users from those listings first).
These need no group, member or user from the snapshot (but for a private channel's roster,
which names users and waits); a read that needs the snapshot, made early, would wait for the
rounds while holding one of the places of the reads in flight. The tenant-wide listings
(`owns_all`) need none either and go meanwhile too."""


async def detect(
    stack: str,
    document: Path,
    state: StateIndex,
    config: dict[str, Any],
    acceptances: list[accept.Acceptance],
    show: Progress,
) -> DriftReport:
    """Read the tenant in bulk and compare it with the stack's state (streamed from
    `document`, of which `state` is the index)."""
    client = open_client(config, BulkReadClient)
    # The snapshot takes the index's ids, and adds the kept groups' members to them.
    client.snapshot = DirectorySnapshot(wanted=state.ids, scopes=tuple(state.prefixes))
    client.memberships = state.memberships
    async with client:

        def throttled(event: RetryEvent) -> None:
            show.add(throttling_wait=event.wait)

        client.stats.listeners.append(throttled)

        def done() -> None:
            show.add(objects_read=1)
            show.set(requests=client.sent)

        def numbered(early: bool) -> Iterator[tuple[int, Declared]]:
            for position, resource in enumerate(declared(document)):
                if (resource.kind in EARLY_KINDS) == early:
                    yield position, resource

        show.set("reading teams and settings, groups (delta) and named users", objects_read=0)
        loading = client.load_snapshot()
        client.prefetch_users(state.users)
        refused: Counter[str] = Counter()
        places = places_to_read()

        async def once_loaded() -> list[tuple[int, Compared]]:
            await loading
            await client.users_listed()
            show.set("reading the other declared objects too", requests=client.sent)
            return await read_all(client, state, numbered(early=False), places, done, refused)

        try:
            early, in_tenant, rest = await asyncio.gather(
                read_all(client, state, numbered(early=True), places, done, refused),
                added_in_tenant(client, state),
                once_loaded(),
            )
        finally:
            loading.cancel()  # when a read failed first
        compared = [c for _, c in heapq.merge(early, rest, key=lambda found: found[0])]
        counts = Counts(
            state.count,
            client.sent,
            client.stats.retry_wait,
            state.skipped,
            dict(refused),
            dict(client.snapshot.exchange),
        )
        findings = [finding for c in compared for finding in c.findings]
        added = [item for c in compared for item in c.added]
        unmanaged = [*added, *in_tenant, *unmanaged_groups(client, state)]
    now = dt.datetime.now(dt.UTC)
    return build(stack, now, findings, unmanaged, acceptances, counts)


@click.command("drift")
@click.argument("stack")
@click.option(
    "--state",
    "state_file",
    type=click.Path(path_type=Path, allow_dash=True),
    help="Read `pulumi stack export` output from this file instead of running it "
    "(Graph settings then come from the environment).",
)
@click.option(
    "--accepted",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("drift-accepted.yaml"),
    show_default=True,
    help="Accepted deviations (object, property, reason, expires).",
)
@click.option(
    "--family",
    help="STACK is a shard of this family (docs/engine.md#shards): the objects the other "
    "shards declare are managed, not unmanaged.",
)
@job_options
def drift_command(
    stack: str,
    state_file: Path | None,
    family: str | None,
    cwd: Path,
    accepted: Path,
    markdown_out: Path | None,
    json_out: Path | None,
    show_progress: bool,
) -> None:
    """Compare what STACK declares with the live tenant (Markdown on stdout).

    Exit codes: 0 no drift, 3 drift (not accepted, or acceptance expired), 1 error
    (including throttling past the retry budget and an unreachable tenant).
    """
    with job("drift", show_progress) as show, state_document(stack, state_file, cwd) as document:
        show.set(f"state of {stack}")
        config = {} if state_file else stack_config(stack, cwd)
        state = index_state(document)
        if state.count + state.skipped == 0:
            raise JobError(_nothing_declared(stack, state_file))
        if family is not None:
            stacks = family_stacks(family, cwd)
            if stack not in stacks:
                raise JobError(
                    f"stack {stack} is not a shard of {family} ({', '.join(stacks)}): "
                    "give --family the family STACK belongs to"
                )
            for other in stacks:
                if other != stack:
                    with state_document(other, None, cwd) as elsewhere:
                        state.managed_elsewhere(index_state(elsewhere))
        acceptances = accept.load(accepted)
        report = asyncio.run(detect(stack, document, state, config, acceptances, show))
    code = ExitCode.ATTENTION if report.failing else ExitCode.OK
    finish(markdown(report), as_json(report), markdown_out, json_out, code)


def _nothing_declared(stack: str, state_file: Path | None) -> str:
    """Why a state without resources is an error, and where the right one is: a drift job
    pointed at the wrong stack must not look green."""
    if state_file is None:
        return (
            f"stack {stack} has no resources in its state (never deployed, or destroyed): "
            "run drift on the deployed stack (`pulumi stack ls` in --cwd lists them)"
        )
    return (
        f"{state_file} holds no resources: give --state the `pulumi stack export` "
        "of the deployed stack"
    )


@contextlib.contextmanager
def state_document(stack: str, state_file: Path | None, cwd: Path) -> Iterator[Path]:
    """The stack's state as a file to stream: STATE_FILE, or the stack's checkpoint when its
    backend is a local file backend, or standard input (`-`) or the engine's export written
    to a private temporary file."""
    if state_file is not None and str(state_file) != "-":
        if not state_file.is_file():
            raise JobError(f"{state_file}: no such file; give --state a `pulumi stack export`")
        yield state_file
        return
    checkpoint = checkpoint_file(stack, cwd) if state_file is None else None
    if checkpoint is not None:
        yield checkpoint
        return
    with tempfile.TemporaryDirectory(prefix="tenantctl-drift-") as folder:
        path = Path(folder) / "state.json"
        if state_file is None:
            _export(stack, path, cwd)
        else:
            with path.open("wb") as copy:
                shutil.copyfileobj(sys.stdin.buffer, copy)
        yield path


def _export(stack: str, path: Path, cwd: Path) -> None:
    """`pulumi stack export` of STACK into PATH; one line naming the stack when it fails."""
    try:
        pulumi_output(["stack", "export", "--stack", stack, "--file", str(path)], cwd)
    except JobError as error:
        said = str(error).strip().splitlines()[-1].removeprefix("error: ")
        raise JobError(
            f"cannot export stack {stack} from {cwd} ({said}): give the project folder "
            "with --cwd and a stack `pulumi stack ls` lists there, or --state FILE"
        ) from None
