"""The engine works for real: the pinned Pulumi CLI runs a Python program on the
project's virtualenv, offline, against a local file backend, through a whole stack
life cycle with a dynamic provider whose side effect is a file on disk."""

from __future__ import annotations

import os
import textwrap
from pathlib import Path

import pytest

from .conftest import (
    ENGINE_BIN,
    OFFLINE_ENV,
    EngineEnv,
    ProjectFactory,
    pinned_engine_version,
    run_pulumi,
    sourced_pulumi_env,
)

pytestmark = pytest.mark.engine

# A dynamic resource that owns one file: create writes it, read reports what is on
# disk (or that it is gone), update rewrites it, delete removes it.
FILE_PROGRAM = """\
    from pathlib import Path

    import pulumi
    from pulumi.dynamic import (
        CreateResult,
        DiffResult,
        ReadResult,
        Resource,
        ResourceProvider,
        UpdateResult,
    )


    class FileProvider(ResourceProvider):
        def create(self, props):
            Path(props["path"]).write_text(props["content"])
            return CreateResult(id_=props["path"], outs=dict(props))

        def read(self, id_, props):
            path = Path(id_)
            if not path.exists():
                return ReadResult(None, {})
            return ReadResult(id_, {**props, "path": id_, "content": path.read_text()})

        def diff(self, id_, olds, news):
            replaces = ["path"] if olds.get("path") != news["path"] else []
            changed = bool(replaces) or olds.get("content") != news["content"]
            return DiffResult(changes=changed, replaces=replaces, delete_before_replace=True)

        def update(self, id_, olds, news):
            Path(id_).write_text(news["content"])
            return UpdateResult(outs=dict(news))

        def delete(self, id_, props):
            Path(id_).unlink(missing_ok=True)


    class ManagedFile(Resource):
        path: pulumi.Output[str]
        content: pulumi.Output[str]

        def __init__(self, name, path, content, opts=None):
            super().__init__(FileProvider(), name, {"path": path, "content": content}, opts)


    config = pulumi.Config()
    managed = ManagedFile("greeting", config.require("path"), config.require("content"))
    pulumi.export("path", managed.path)
    pulumi.export("content", managed.content)
    pulumi.export("token", config.require_secret("token"))
"""


def test_engine_is_the_pinned_version(engine_bin: Path, engine_env: EngineEnv) -> None:
    result = run_pulumi(["version"], engine_bin, engine_env.env)

    assert result.stdout.strip() == pinned_engine_version()


def test_pulumi_env_turns_off_every_network_feature_and_keeps_explicit_choices(
    tmp_path: Path,
) -> None:
    preset = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp_path),
        "PULUMI_HOME": str(tmp_path / "home"),
        "PULUMI_BACKEND_URL": f"file://{tmp_path / 'state'}",
        "PULUMI_CONFIG_PASSPHRASE": "chosen",
    }

    env = sourced_pulumi_env(preset)

    for key, value in OFFLINE_ENV.items():
        assert env[key] == value, key
    assert env["PULUMI_HOME"] == preset["PULUMI_HOME"]
    assert env["PULUMI_BACKEND_URL"] == preset["PULUMI_BACKEND_URL"]
    assert env["PULUMI_CONFIG_PASSPHRASE"] == "chosen"
    assert env["PATH"].split(":")[:2] == [
        str(ENGINE_BIN.parent.parent / ".venv" / "bin"),
        str(ENGINE_BIN),
    ]
    assert (tmp_path / "state").is_dir()


def test_pulumi_env_defaults_to_project_local_state(tmp_path: Path) -> None:
    env = sourced_pulumi_env({"PATH": os.environ["PATH"], "HOME": str(tmp_path)})

    root = ENGINE_BIN.parent.parent
    assert env["PULUMI_HOME"] == str(root / ".state" / "pulumi-home")
    assert env["PULUMI_BACKEND_URL"] == f"file://{root / '.state' / 'backend'}?metadata=skip"
    assert (root / ".state" / "backend").is_dir()
    assert env["PULUMI_CONFIG_PASSPHRASE"]


def test_stack_life_cycle_with_a_dynamic_provider(
    python_project: ProjectFactory, tmp_path: Path
) -> None:
    target = tmp_path / "managed" / "greeting.txt"
    target.parent.mkdir()
    project = python_project("engine-smoke", FILE_PROGRAM)

    project.run("stack", "init", "dev")
    project.run("config", "set", "path", str(target))
    project.run("config", "set", "content", "hello")
    project.run("config", "set", "--secret", "token", "s3cret")
    assert "s3cret" not in (project.directory / "Pulumi.dev.yaml").read_text()

    # preview plans the stack and the file, and touches nothing
    preview = project.run("preview")
    assert "+ 2 to create" in preview.stdout
    assert not target.exists()

    # up creates the file and records it in the file backend
    up = project.run("up", "--yes")
    assert "+ 2 created" in up.stdout
    assert target.read_text() == "hello"
    outputs = project.run("stack", "output", "--json", "--show-secrets")
    assert '"content": "hello"' in outputs.stdout
    assert '"token": "s3cret"' in outputs.stdout
    state = project.engine.stack_state("engine-smoke", "dev")
    assert "s3cret" not in str(state)

    # a second preview of an unchanged program finds nothing to do
    project.run("preview", "--expect-no-changes")

    # refresh reads the file back, so a change made outside Pulumi becomes drift ...
    target.write_text("changed by hand")
    project.run("refresh", "--yes")
    drift = project.run("preview", "--expect-no-changes", expect_returncode=None)
    assert drift.returncode != 0
    assert "~ 1 to update" in drift.stdout

    # ... which the next up repairs
    project.run("up", "--yes")
    assert target.read_text() == "hello"
    project.run("preview", "--expect-no-changes")

    # a changed input updates the file in place
    project.run("config", "set", "content", "hello again")
    project.run("up", "--yes")
    assert target.read_text() == "hello again"

    # destroy deletes the file and leaves an empty stack
    destroy = project.run("destroy", "--yes")
    assert "2 deleted" in destroy.stdout
    assert not target.exists()
    project.run("stack", "rm", "--yes")


POLICY_PACK = """\
    from pulumi_policy import EnforcementLevel, PolicyPack, ResourceValidationPolicy


    def no_secret_words(args, report_violation):
        if "forbidden" in str(args.props.get("content", "")):
            report_violation("file content must not say 'forbidden'")


    PolicyPack(
        name="engine-smoke-policy",
        enforcement_level=EnforcementLevel.MANDATORY,
        policies=[
            ResourceValidationPolicy(
                name="no-forbidden-content",
                description="Managed files must not say 'forbidden'.",
                validate=no_secret_words,
            )
        ],
    )
"""


def test_python_policy_pack_runs_through_the_language_host(
    python_project: ProjectFactory, tmp_path: Path
) -> None:
    policy_dir = tmp_path / "policy"
    policy_dir.mkdir()
    (policy_dir / "PulumiPolicy.yaml").write_text(
        "runtime:\n"
        "  name: python\n"
        "  options:\n"
        "    toolchain: pip\n"
        f"    virtualenv: {ENGINE_BIN.parent.parent / '.venv'}\n"
    )
    (policy_dir / "__main__.py").write_text(textwrap.dedent(POLICY_PACK))
    target = tmp_path / "policed.txt"
    project = python_project("engine-policy", FILE_PROGRAM)
    project.run("stack", "init", "dev")
    project.run("config", "set", "path", str(target))
    project.run("config", "set", "--secret", "token", "unused")

    project.run("config", "set", "content", "allowed")
    project.run("preview", "--policy-pack", str(policy_dir))

    project.run("config", "set", "content", "forbidden")
    blocked = project.run("up", "--yes", "--policy-pack", str(policy_dir), expect_returncode=None)
    assert blocked.returncode != 0
    assert "no-forbidden-content" in blocked.stdout
    assert "file content must not say 'forbidden'" in blocked.stdout
    assert not target.exists()
