"""Running the `pulumi` CLI for the jobs: its JSON, or a `JobError` with what it said."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tenantctl.user_error import UserError


class JobError(UserError):
    """The job could not decide (the engine, the tenant or the input failed)."""


def pulumi_json(args: Sequence[str], cwd: Path, *, accept: Sequence[int] = (0,)) -> Any:
    """The JSON `pulumi ARGS` prints in CWD (non-interactive, no colour)."""
    return load_json(pulumi_output(args, cwd, accept=accept), f"`pulumi {' '.join(args)}`")


def pulumi_output(args: Sequence[str], cwd: Path, *, accept: Sequence[int] = (0,)) -> str:
    """What `pulumi ARGS` prints in CWD (non-interactive, no colour)."""
    result = run_pulumi(args, cwd)
    if result.returncode not in accept:
        raise JobError(failure(args, result))
    return result.stdout


def run_pulumi(args: Sequence[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    """`pulumi ARGS` in CWD (non-interactive, no colour), whatever its exit code."""
    command = ["pulumi", *args, "--non-interactive", "--color=never"]
    try:
        return subprocess.run(
            command, cwd=cwd, capture_output=True, text=True, check=False, stdin=subprocess.DEVNULL
        )
    except FileNotFoundError:
        raise JobError("pulumi is not on PATH (source scripts/pulumi-env.sh)") from None


def failure(args: Sequence[str], result: subprocess.CompletedProcess[str]) -> str:
    """One line: the command, its exit code and what it said went wrong."""
    return f"`pulumi {' '.join(args)}` failed ({result.returncode}): " + said(
        result.stderr or result.stdout
    )


def said(output: str) -> str:
    """What the CLI's output says went wrong: its `error:` lines, else its last line."""
    lines = [line.strip() for line in output.strip().splitlines() if line.strip()]
    errors = [line.removeprefix("error:").strip() for line in lines if line.startswith("error:")]
    return "; ".join(errors) or (lines[-1] if lines else "no output")


def stack_config(stack: str, cwd: Path) -> Any:
    """The stack's configuration, secrets decrypted (kept in memory for the job's client)."""
    return pulumi_json(["config", "--json", "--show-secrets", "--stack", stack], cwd)


def load_json(text: str, source: str) -> Any:
    try:
        return json.loads(text)
    except ValueError as error:
        raise JobError(f"{source} is not JSON: {error}") from None


def read_json(path: Path) -> Any:
    """A JSON file; `-` reads standard input."""
    text = sys.stdin.read() if str(path) == "-" else path.read_text(encoding="utf-8")
    return load_json(text, str(path))
