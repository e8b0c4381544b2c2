"""scripts/engine-env.sh: the state is written once per update (PULUMI_SKIP_CHECKPOINTS) for
stacks whose every create adopts what an interrupted update left (`groupProvider: graph`),
never for pulumi-azuread's; the engine's Go heap is collected at half its live size again
(GOGC) for every stack; a value set by hand wins."""

from __future__ import annotations

import pytest

from tests.engine.conftest import ProjectFactory, PulumiProject, sourced_engine_settings

pytestmark = pytest.mark.engine

SKIP = "PULUMI_SKIP_CHECKPOINTS"
GOGC = "GOGC"


@pytest.fixture
def project(python_project: ProjectFactory) -> PulumiProject:
    project = python_project("m365-tenant", "")
    project.run("stack", "init", "prod")
    return project


def settings(project: PulumiProject, **preset: str) -> dict[str, str]:
    return sourced_engine_settings(project.directory, {**project.engine.env, **preset}, "prod")


def test_a_graph_stack_writes_its_state_once_per_update(project: PulumiProject) -> None:
    project.run("config", "set", "groupProvider", "graph")
    assert settings(project)[SKIP] == "true"


@pytest.mark.parametrize("provider", ["azuread", None])
def test_an_azuread_stack_keeps_a_checkpoint_per_step(
    project: PulumiProject, provider: str | None
) -> None:
    if provider is not None:
        project.run("config", "set", "groupProvider", provider)
    assert SKIP not in settings(project)


def test_a_setting_given_by_hand_wins(project: PulumiProject) -> None:
    project.run("config", "set", "groupProvider", "graph")
    assert settings(project, **{SKIP: "false"})[SKIP] == "false"


@pytest.mark.parametrize("provider", ["graph", "azuread"])
def test_every_stacks_engine_collects_its_heap_at_half_its_live_size(
    project: PulumiProject, provider: str
) -> None:
    project.run("config", "set", "groupProvider", provider)
    assert settings(project)[GOGC] == "50"


def test_a_heap_target_given_by_hand_wins(project: PulumiProject) -> None:
    assert settings(project, **{GOGC: "200"})[GOGC] == "200"
