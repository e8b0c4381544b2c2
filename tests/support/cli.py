"""`tenantctl` run as users run it: the project's console script in a subprocess, with its
time and address space bounded, so that a hang or a runaway read fails the test instead of
the machine."""

from __future__ import annotations

import os
import resource
import subprocess
from collections.abc import Mapping
from pathlib import Path

TENANTCTL = Path(__file__).resolve().parents[2] / ".venv" / "bin" / "tenantctl"
MEMORY_BOUND = 2 * 2**30
"""Address space a `tenantctl` command may map: far above what any command needs."""

Result = subprocess.CompletedProcess[str]


def _bound_memory() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BOUND, MEMORY_BOUND))


def tenantctl(
    *args: str | Path,
    env: Mapping[str, str] | None = None,
    cwd: Path | None = None,
    timeout: float = 120,
    base: Mapping[str, str] | None = None,
    bounded: bool = True,
) -> Result:
    """Run `tenantctl ARGS` with `env` over `base` (the test's own environment when None); its
    exit code, stdout and stderr (raises `subprocess.TimeoutExpired` past `timeout` seconds).
    Not `bounded`: a command that runs the Pulumi CLI, whose processes would inherit a memory
    bound smaller than the address space the engine's Go runtime reserves."""
    return subprocess.run(
        [str(TENANTCTL), *map(str, args)],
        env={**(os.environ if base is None else base), **(env or {})},
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        preexec_fn=_bound_memory if bounded else None,
        check=False,
    )


def error_lines(result: Result, exit_code: int = 1) -> list[str]:
    """The lines a failed command printed, after checking its exit code and that no Python
    traceback reached the user."""
    output = result.stdout + result.stderr
    assert "Traceback" not in output, output
    assert result.returncode == exit_code, output
    return [line for line in output.splitlines() if line.strip()]


def one_error(result: Result, exit_code: int = 1) -> str:
    """The single line a failed command printed (see `error_lines`)."""
    lines = error_lines(result, exit_code)
    assert len(lines) == 1, "\n".join(lines)
    return lines[0]
