"""Fixtures for tests that drive the real Pulumi CLI (`pytest -m engine`).

Every test gets its own file state backend, PULUMI_HOME and passphrase under a
temporary directory, with the offline environment of scripts/pulumi-env.sh, and can
lay out small throw-away Pulumi Python projects that run on the project's .venv.

The engine itself comes from scripts/setup-engine.sh (.engine/bin); these tests fail
with a pointer to that script when it has not been run.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.support.local_tenant_fixture import LocalTenantHandle

if TYPE_CHECKING:
    from .demo_stack import DemoStack

ROOT = Path(__file__).resolve().parents[2]
ENGINE_BIN = ROOT / ".engine" / "bin"
VENV = ROOT / ".venv"
PULUMI_ENV_SCRIPT = ROOT / "scripts" / "pulumi-env.sh"
ENGINE_ENV_SCRIPT = ROOT / "scripts" / "engine-env.sh"

# What each engine command may take before the test is failed as hung (a hang is also
# what an unexpected network attempt would look like on an offline machine).
DEFAULT_TIMEOUT_S = 300

# Variables that must hold in every engine run: nothing may reach for the network.
OFFLINE_ENV = {
    "PULUMI_SKIP_UPDATE_CHECK": "true",
    "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    "PULUMI_DISABLE_REGISTRY_RESOLVE": "true",
    "PULUMI_AUTOMATION_API_SKIP_VERSION_CHECK": "true",
}


class PulumiCommandError(AssertionError):
    """A pulumi command ended with an exit code the test did not expect."""

    def __init__(self, args: Sequence[str], result: subprocess.CompletedProcess[str]) -> None:
        self.result = result
        super().__init__(
            f"`pulumi {' '.join(args)}` exited with {result.returncode}\n"
            f"--- stdout ---\n{result.stdout}\n--- stderr ---\n{result.stderr}"
        )


def run_pulumi(
    args: Sequence[str],
    cwd: Path,
    env: Mapping[str, str],
    *,
    expect_returncode: int | None = 0,
    timeout: float = DEFAULT_TIMEOUT_S,
) -> subprocess.CompletedProcess[str]:
    """Run `pulumi ARGS` non-interactively in CWD with exactly ENV.

    Raises PulumiCommandError (with stdout and stderr) when the exit code differs from
    `expect_returncode`; pass None to accept any exit code.
    """
    command = [
        str(ENGINE_BIN / "pulumi"),
        *args,
        "--non-interactive",
        "--color=never",
    ]
    result = subprocess.run(
        command,
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        stdin=subprocess.DEVNULL,
    )
    if expect_returncode is not None and result.returncode != expect_returncode:
        raise PulumiCommandError(args, result)
    return result


def pinned_engine_version() -> str:
    """The Pulumi version engine/go.mod pins, e.g. "v3.260.0"."""
    for line in (ROOT / "engine" / "go.mod").read_text().splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "github.com/pulumi/pulumi/pkg/v3":
            return parts[1]
    raise AssertionError("engine/go.mod does not require github.com/pulumi/pulumi/pkg/v3")


def sourced_pulumi_env(preset: Mapping[str, str]) -> dict[str, str]:
    """The environment after `source scripts/pulumi-env.sh`, starting from PRESET."""
    result = subprocess.run(
        ["bash", "-c", 'source "$1" && env -0', "bash", str(PULUMI_ENV_SCRIPT)],
        env=dict(preset),
        capture_output=True,
        check=True,
    )
    pairs = (item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item)
    return dict(pairs)


def sourced_engine_settings(cwd: Path, env: Mapping[str, str], stack: str) -> dict[str, str]:
    """ENV after `source scripts/engine-env.sh STACK` in the project directory CWD."""
    result = subprocess.run(
        ["bash", "-c", 'source "$1" "$2" && env -0', "bash", str(ENGINE_ENV_SCRIPT), stack],
        cwd=cwd,
        env=dict(env),
        capture_output=True,
        check=True,
    )
    pairs = (item.split("=", 1) for item in result.stdout.decode().split("\0") if "=" in item)
    return dict(pairs)


@dataclass(frozen=True)
class EngineEnv:
    """An isolated engine environment: its own backend, PULUMI_HOME and passphrase."""

    env: dict[str, str]
    backend_dir: Path
    home: Path
    passphrase: str

    def stack_state(self, project: str, stack: str) -> dict[str, object]:
        """The checkpoint the file backend holds for PROJECT/STACK."""
        path = self.backend_dir / ".pulumi" / "stacks" / project / f"{stack}.json"
        state: dict[str, object] = json.loads(path.read_text())
        return state


@pytest.fixture(scope="session")
def engine_bin() -> Path:
    """.engine/bin with a pulumi of the pinned version and its Python language host."""
    missing = [
        name
        for name in (
            "pulumi",
            "pulumi-language-python",
            "pulumi-language-python-exec",
            "pulumi-resource-pulumi-python",
        )
        if not os.access(ENGINE_BIN / name, os.X_OK)
    ]
    if missing:
        pytest.fail(
            f"engine not set up ({', '.join(missing)} missing in {ENGINE_BIN}); "
            "run scripts/setup-engine.sh",
            pytrace=False,
        )
    return ENGINE_BIN


def isolated_engine_env(base: Path) -> EngineEnv:
    """The offline engine environment of pulumi-env.sh, with backend and homes under BASE."""
    backend_dir = base / "backend"
    home = base / "pulumi-home"
    passphrase = "engine-tests-only"
    preset = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("PULUMI_") and key not in {"VIRTUAL_ENV", "PYTHONHOME"}
    }
    preset.update(
        {
            "HOME": str(base / "home"),
            "PULUMI_HOME": str(home),
            # No metadata sidecars, as scripts/pulumi-env.sh (a killed CLI may leave an
            # empty one behind, and the backend could not load the stack any more).
            "PULUMI_BACKEND_URL": f"file://{backend_dir}?metadata=skip",
            "PULUMI_CONFIG_PASSPHRASE": passphrase,
        }
    )
    (base / "home").mkdir(parents=True)
    env = sourced_pulumi_env(preset)
    return EngineEnv(env=env, backend_dir=backend_dir, home=home, passphrase=passphrase)


@pytest.fixture
def engine_env(tmp_path: Path, engine_bin: Path) -> EngineEnv:
    """The offline engine environment of pulumi-env.sh, pointed at a fresh temp backend."""
    return isolated_engine_env(tmp_path)


@dataclass(frozen=True)
class PulumiProject:
    """A Pulumi Python project on disk, bound to an isolated engine environment."""

    name: str
    directory: Path
    engine: EngineEnv

    def run(
        self, *args: str, expect_returncode: int | None = 0, timeout: float = DEFAULT_TIMEOUT_S
    ) -> subprocess.CompletedProcess[str]:
        return run_pulumi(
            args,
            self.directory,
            self.engine.env,
            expect_returncode=expect_returncode,
            timeout=timeout,
        )


ProjectFactory = Callable[[str, str], PulumiProject]


@pytest.fixture
def python_project(tmp_path: Path, engine_env: EngineEnv) -> ProjectFactory:
    """Make a Pulumi Python project NAME whose __main__.py is PROGRAM.

    The project runs on the repository's .venv (absolute path), so it sees the same
    pulumi SDK and tenantctl modules as the rest of the test suite.
    """

    def make(name: str, program: str) -> PulumiProject:
        directory = tmp_path / "projects" / name
        directory.mkdir(parents=True)
        (directory / "Pulumi.yaml").write_text(
            textwrap.dedent(
                f"""\
                name: {name}
                runtime:
                  name: python
                  options:
                    toolchain: pip
                    virtualenv: {VENV}
                """
            )
        )
        (directory / "__main__.py").write_text(textwrap.dedent(program))
        return PulumiProject(name=name, directory=directory, engine=engine_env)

    return make


@pytest.fixture
def demo(
    tmp_path: Path, engine_bin: Path, local_tenant_server: LocalTenantHandle
) -> Iterator[DemoStack]:
    """The project's program and `demo` description, configured for a freshly reset local
    tenant that knows the description's people; not deployed yet (tests run `up`).

    Fails the test if the tenant accepted or returned any body outside the Graph schema.
    """
    from .demo_stack import assert_schema_clean, prepare_demo_stack

    local_tenant_server.violations.clear()
    stack = prepare_demo_stack(
        tmp_path, isolated_engine_env(tmp_path / "engine"), local_tenant_server
    )
    yield stack
    assert_schema_clean(local_tenant_server)
