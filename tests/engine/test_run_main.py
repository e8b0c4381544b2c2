"""`scripts/run-main.sh`, the main job (`make run`), run as it is in a copy of the project:
the embedded local tenant, the stack's people, then `pulumi up` of the local stack, with
its data folder given relative or absolute (`LOCAL_TENANT_DATA`)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from pathlib import Path

import pytest

from .conftest import ENGINE_BIN, ROOT, VENV

pytestmark = pytest.mark.engine

COPIED = ("__main__.py", "Pulumi.yaml", "Pulumi.local.yaml", "stacks", "teams_templates")


def free_ports() -> int:
    """A port whose next port is free too (the local tenant serves its token endpoint there)."""
    while True:
        with socket.socket() as first, socket.socket() as second:
            first.bind(("127.0.0.1", 0))
            port: int = first.getsockname()[1]
            try:
                second.bind(("127.0.0.1", port + 1))
            except OSError:
                continue
            return port


def project_copy(base: Path, port: int) -> Path:
    """The project's program, stacks and scripts, on the repository's engine and virtualenv,
    with the local stack pointed at PORT (its checked-in configuration says 8765)."""
    project = base / "projet d'essai"
    (project / "scripts").mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        copy = shutil.copytree if source.is_dir() else shutil.copy2
        copy(source, project / name)
    for script in ("run-main.sh", "pulumi-env.sh", "engine-env.sh"):
        shutil.copy2(ROOT / "scripts" / script, project / "scripts" / script)
    (project / ".venv").symlink_to(VENV)
    (project / ".engine").symlink_to(ENGINE_BIN.parent)
    config = project / "Pulumi.local.yaml"
    text = config.read_text().replace("127.0.0.1:8765", f"127.0.0.1:{port}")
    config.write_text(text.replace("127.0.0.1:8766", f"127.0.0.1:{port + 1}"))
    return project


def run_main(project: Path, base: Path, data: str, port: int) -> subprocess.CompletedProcess[str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("PULUMI_", "TENANTCTL_", "AZURE_", "VIRTUAL_ENV"))
    }
    env.update(
        {
            "HOME": str(base / "home"),
            "PULUMI_HOME": str(base / "pulumi-home"),
            "PULUMI_BACKEND_URL": f"file://{base / 'backend'}?metadata=skip",
            "LOCAL_TENANT_DATA": data,
            "LOCAL_TENANT_PORT": str(port),
        }
    )
    (base / "home").mkdir(exist_ok=True)
    return subprocess.run(
        ["bash", str(project / "scripts" / "run-main.sh")],
        cwd=base,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.mark.parametrize("where", ["absolute", "relative"])
def test_the_main_job_applies_the_local_stack_with_its_data_folder_anywhere(
    tmp_path: Path, where: str
) -> None:
    port = free_ports()
    project = project_copy(tmp_path, port)
    data = str(tmp_path / "données locales") if where == "absolute" else ".local-tenant"

    result = run_main(project, tmp_path, data, port)

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "Traceback" not in output and "FileNotFoundError" not in output
    assert "The local tenant holds the stack 'local'." in result.stdout
    served = Path(data) if where == "absolute" else project / data
    assert (served / "tls" / "cert.pem").is_file()
    assert f"tenantctl local-tenant token --data {served}" in result.stdout
