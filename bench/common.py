"""What the bench scripts share: a synthetic tenant on a local tenant with Graph's latency and
throttling budgets, the offline engine environment, process-tree memory, and the table.

Not a test helper: the scripts print figures; nothing here asserts a speed.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from tenantctl.generate import SIZES, build, load_seed, seed_users, write_seed, write_stack
from tenantctl.generate.local_directory import LocalTenantEndpoint

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
TENANTCTL = Path(sys.executable).with_name("tenantctl")
LATENCY_MS = 80.0
"""A realistic Graph round trip, added by the local tenant to every Graph request."""
SEED = 1


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def generate(size: str, out: Path, spaces: int | None = None) -> tuple[str, Path]:
    """Write the synthetic stack of this size under OUT/stacks/ and its users' seed, keeping
    only its first SPACES team spaces if given; return the stack name and the seed file."""
    name = f"synthetic_{size.lower()}"
    tenant = build(SIZES[size], SEED)
    if spaces is not None:
        tenant = tenant.model_copy(update={"spaces": tenant.spaces[:spaces]})
    write_stack(tenant, out, name)
    seed_file = out / f"{name}.users.jsonl"
    write_seed(seed_file, seed_users(tenant, SEED))
    return name, seed_file


@dataclass
class LocalTenant:
    """A running `tenantctl local-tenant serve` with latency and throttling on."""

    data: Path
    args: list[str]
    process: subprocess.Popen[bytes]
    endpoint: LocalTenantEndpoint

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)

    def restart(self) -> None:
        """Serve the same data directory on the same ports again (after writing to it offline)."""
        self.stop()
        self.process = _serve(self.data, self.args)
        self.endpoint = LocalTenantEndpoint.from_data_dir(self.data)

    def admin(self, method: str, path: str, body: Any = None) -> Any:
        response = httpx.request(
            method,
            f"{self.endpoint.admin_url}{path}",
            json=body,
            headers={"X-Admin-Token": self.endpoint.admin_token},
            timeout=60,
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def token(self, roles: Sequence[str]) -> str:
        return str(self.admin("POST", "/token", {"roles": list(roles)})["access_token"])

    def counters(self) -> dict[str, Any]:
        counted: dict[str, Any] = self.admin("GET", "/counters")
        return counted

    def reset_counters(self) -> None:
        self.admin("DELETE", "/counters")


@contextlib.contextmanager
def local_tenant(data: Path, seed_file: Path | None = None) -> Iterator[LocalTenant]:
    """Serve DATA (loading SEED_FILE's users first) with 80 ms latency and Graph's budgets."""
    data.mkdir(parents=True, exist_ok=True)
    if seed_file is not None:
        load_seed(seed_file, data)
    args = [str(TENANTCTL), "local-tenant", "serve", "--data", str(data)]
    args += ["--port", str(free_port()), "--tls-port", str(free_port()), "--users", "0"]
    args += ["--latency-ms", str(LATENCY_MS), "--throttle"]
    tenant = LocalTenant(data, args, _serve(data, args), LocalTenantEndpoint.from_data_dir(data))
    try:
        yield tenant
    finally:
        tenant.stop()


def _serve(data: Path, args: list[str]) -> subprocess.Popen[bytes]:
    """Start the local tenant and wait until it has written its endpoint file."""
    (data / "server.json").unlink(missing_ok=True)
    with (data / "server.log").open("ab") as log:
        process = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 60
    while not (data / "server.json").is_file() or not (data / "server.json").stat().st_size:
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise RuntimeError(f"local tenant did not start: {data / 'server.log'}")
        time.sleep(0.05)
    return process


def engine_env(base: Path) -> dict[str, str]:
    """The offline environment of scripts/pulumi-env.sh, with its backend and home under BASE."""
    preset = {k: v for k, v in os.environ.items() if not k.startswith("PULUMI_")}
    preset.update(
        PULUMI_HOME=str(base / "pulumi-home"),
        PULUMI_BACKEND_URL=f"file://{base / 'backend'}?metadata=skip",
        PULUMI_CONFIG_PASSPHRASE="bench-only",
    )
    (base / "backend").mkdir(parents=True, exist_ok=True)
    script = f"source {ROOT / 'scripts' / 'pulumi-env.sh'} && env -0"
    listed = subprocess.run(
        ["bash", "-c", script], env=preset, check=True, capture_output=True
    ).stdout
    return dict(item.split("=", 1) for item in listed.decode().split("\0") if "=" in item)


def engine_settings(project: Path, env: dict[str, str], stack: str) -> dict[str, str]:
    """ENV with the engine settings of scripts/engine-env.sh for STACK of PROJECT applied."""
    script = f'source "{ROOT / "scripts" / "engine-env.sh"}" "$0" && env -0'
    listed = subprocess.run(
        ["bash", "-c", script, stack], cwd=project, env=env, check=True, capture_output=True
    ).stdout
    return dict(item.split("=", 1) for item in listed.decode().split("\0") if "=" in item)


def pulumi_yaml(name: str) -> str:
    """A Python project's Pulumi.yaml on the repository's virtualenv."""
    return (
        f"name: {name}\nruntime:\n  name: python\n  options:\n"
        f"    toolchain: pip\n    virtualenv: {VENV}\n"
    )


def copy_program(target: Path) -> None:
    """The project's program, stacks and Teams templates, on the repository's virtualenv."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(ROOT / "__main__.py", target / "__main__.py")
    for folder in ("stacks", "teams_templates"):
        shutil.copytree(ROOT / folder, target / folder, dirs_exist_ok=True)
    text = (ROOT / "Pulumi.yaml").read_text().replace("virtualenv: .venv", f"virtualenv: {VENV}")
    (target / "Pulumi.yaml").write_text(text)


def pulumi(args: Sequence[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Run the engine; raise with its output if it fails."""
    done = subprocess.run(
        ["pulumi", *args], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )
    if done.returncode:
        raise RuntimeError(f"pulumi {' '.join(args)}: {done.stdout[-3000:]}{done.stderr[-3000:]}")
    return done


@dataclass
class Peaks:
    """Peak resident memory (MiB) per role of a process tree, sampled from /proc, and of the
    whole tree (`tree`: every process of it at one sample, whatever its role)."""

    mib: dict[str, float] = field(default_factory=dict)

    def sample(self, root: int) -> None:
        totals: dict[str, float] = {"tree": 0.0}
        for pid in _tree(root):
            rss = _rss_mib(pid)
            totals["tree"] += rss
            role = _role(pid)
            if role:
                totals[role] = totals.get(role, 0.0) + rss
        for role, value in totals.items():
            self.mib[role] = max(self.mib.get(role, 0.0), value)

    def total(self) -> float:
        """The whole job's peak (MiB): every process of the tree, children such as the
        `pulumi stack export` a job starts included."""
        return self.mib.get("tree", 0.0)


def run_sampled(
    args: Sequence[str], cwd: Path, env: dict[str, str], ok: Sequence[int] = (0,)
) -> tuple[float, Peaks, subprocess.CompletedProcess[str]]:
    """Run a command while sampling its process tree's memory every 0.1 s; (wall s, peaks).
    An exit code outside OK raises with the command's output."""
    peaks = Peaks()
    started = time.perf_counter()
    process = subprocess.Popen(
        list(args), cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    stop = threading.Event()

    def watch() -> None:
        while not stop.wait(0.1):
            peaks.sample(process.pid)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    out, err = process.communicate()
    wall = time.perf_counter() - started
    stop.set()
    watcher.join()
    done = subprocess.CompletedProcess(list(args), process.returncode, out, err)
    if done.returncode not in ok:
        raise RuntimeError(f"{' '.join(args)}: {out[-3000:]}{err[-3000:]}")
    return wall, peaks, done


def _tree(root: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError):
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [root]
    while todo:
        pid = todo.pop()
        found.append(pid)
        todo.extend(children.get(pid, []))
    return found


def _role(pid: int) -> str | None:
    """engine (the pulumi CLI), provider (the dynamic provider host), program (the Python
    program)."""
    try:
        argv = (Path("/proc") / str(pid) / "cmdline").read_bytes().split(b"\0")
    except OSError:
        return None
    line = b" ".join(argv)
    if Path(argv[0].decode()).name == "pulumi":
        return "engine"
    if b"tenantctl.resources.provider_host" in line or b"pulumi-resource-pulumi-python" in line:
        return "provider"
    if b"python" in argv[0] or b"pulumi-language-python" in line:
        return "program"
    return None


def _rss_mib(pid: int) -> float:
    with contextlib.suppress(OSError, ValueError, IndexError):
        pages = int((Path("/proc") / str(pid) / "statm").read_text().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    return 0.0


def machine() -> str:
    """nproc, memory, CPU model and load average, for the figures' caption."""
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    mem_kib = int(Path("/proc/meminfo").read_text().split()[1])
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    return f"{os.cpu_count()} CPUs ({cpu}), {mem_kib / 2**20:.1f} GiB, load average {load}"


def table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table, numbers formatted for reading."""

    def cell(value: Any) -> str:
        if isinstance(value, float):
            return f"{value:,.2f}" if value < 100 else f"{value:,.0f}"
        if isinstance(value, int):
            return f"{value:,}"
        return str(value)

    lines = [headers, ["---"] * len(headers), *[[cell(v) for v in row] for row in rows]]
    return "\n".join("| " + " | ".join(str(c) for c in line) + " |" for line in lines)
