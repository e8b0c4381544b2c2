"""The generic engine's create flow: adopt instead of duplicating; retain on delete."""

from __future__ import annotations

import httpx
import pytest

from tenantctl.graph import GraphError
from tenantctl.resources import engine
from tenantctl.resources.context import Context
from tenantctl.resources.kind import KindSpec, Props, kind_args, prop
from tests.unit.graph.fakes import client_on, reply


class Directory:
    """An in-memory collection whose create can be made to fail after it took effect."""

    def __init__(self) -> None:
        self.objects: dict[str, Props] = {}
        self.lose_next_create: Exception | None = None
        self.deleted: list[str] = []
        self.updates: list[Props] = []

    async def find(self, ctx: Context, props: Props) -> str | None:
        return next((k for k, v in self.objects.items() if v["name"] == props["name"]), None)

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        id_ = f"id-{len(self.objects) + 1}"
        self.objects[id_] = {"name": props["name"], "colour": props["colour"]}
        if self.lose_next_create is not None:
            error, self.lose_next_create = self.lose_next_create, None
            raise error
        return id_, {"object_id": id_}

    async def read(self, ctx: Context, id_: str, props: Props) -> Props | None:
        found = self.objects.get(id_)
        return None if found is None else {**found, "object_id": id_}

    async def update(self, ctx: Context, id_: str, olds: Props, news: Props) -> Props:
        self.updates.append(news)
        self.objects[id_]["colour"] = news["colour"]
        return {}

    async def delete(self, ctx: Context, id_: str, props: Props) -> None:
        self.deleted.append(id_)


@kind_args
class ThingArgs:
    name: str
    colour: str | None = None
    retain_on_delete: bool | None = None
    adopt_id: str | None = prop(default=None, diffed=False)


def kind(ops: Directory, retain: bool = False) -> KindSpec:
    return KindSpec(
        kind="Thing",
        args=ThingArgs,
        ops=ops,
        permissions=(),
        endpoints=(),
        deletes="",
        outputs=("object_id",),
        retain_by_default=lambda props: retain,
    )


@pytest.fixture
def ctx() -> Context:
    return Context(client_on(lambda request: reply(200)))


async def test_create_makes_a_new_object_when_none_exists(ctx: Context) -> None:
    ops = Directory()
    id_, outs = await engine.create(kind(ops), ctx, {"name": "a", "colour": "red"})
    assert (id_, outs["object_id"]) == ("id-1", "id-1")
    assert len(ops.objects) == 1


@pytest.mark.parametrize(
    "lost",
    [httpx.ReadTimeout("timed out"), GraphError("POST", "/x", 504, "GatewayTimeout", "")],
)
async def test_a_create_that_took_effect_but_failed_is_adopted_not_repeated(
    ctx: Context, lost: Exception
) -> None:
    ops = Directory()
    ops.lose_next_create = lost

    id_, outs = await engine.create(kind(ops), ctx, {"name": "a", "colour": "red"})

    assert id_ == "id-1"
    assert outs["object_id"] == "id-1"
    assert len(ops.objects) == 1


class Unavailable(Directory):
    """Answers the first creates with 503 before doing anything."""

    def __init__(self, failures: int) -> None:
        super().__init__()
        self.failures = failures

    async def create(self, ctx: Context, props: Props) -> tuple[str, Props]:
        if self.failures:
            self.failures -= 1
            raise GraphError("POST", "/x", 503, "ServiceUnavailable", "")
        return await super().create(ctx, props)


async def test_a_create_refused_before_it_took_effect_is_tried_again(ctx: Context) -> None:
    ops = Unavailable(failures=2)

    id_, _ = await engine.create(kind(ops), ctx, {"name": "a", "colour": "red"})

    assert (id_, len(ops.objects)) == ("id-1", 1)
    assert ctx.client.stats.retries == {"lost-create": 2}


async def test_the_next_run_adopts_what_an_interrupted_run_created(ctx: Context) -> None:
    ops = Directory()
    ops.objects["id-9"] = {"name": "a", "colour": "blue"}

    id_, outs = await engine.create(kind(ops), ctx, {"name": "a", "colour": "red"})

    assert id_ == "id-9"
    assert ops.objects == {"id-9": {"name": "a", "colour": "red"}}
    assert outs["colour"] == "red"


async def test_adopt_id_reads_an_existing_object_instead_of_creating(ctx: Context) -> None:
    ops = Directory()
    ops.objects["x1"] = {"name": "other-name", "colour": "red"}

    id_, _ = await engine.create(kind(ops), ctx, {"name": "a", "colour": "red", "adopt_id": "x1"})

    assert id_ == "x1"
    assert len(ops.objects) == 1


async def test_adopting_a_missing_object_fails_clearly(ctx: Context) -> None:
    with pytest.raises(GraphError, match="Thing nope does not exist"):
        await engine.create(kind(Directory()), ctx, {"name": "a", "adopt_id": "nope"})


async def test_a_client_error_on_create_is_not_mistaken_for_a_lost_create(ctx: Context) -> None:
    ops = Directory()
    ops.lose_next_create = GraphError("POST", "/x", 400, "BadRequest", "no")
    with pytest.raises(GraphError, match="BadRequest"):
        await engine.create(kind(ops), ctx, {"name": "a", "colour": "red"})


async def test_delete_keeps_retained_objects(ctx: Context) -> None:
    ops = Directory()
    await engine.delete(kind(ops, retain=True), ctx, "id-1", {"name": "a"})
    await engine.delete(
        kind(ops, retain=True), ctx, "id-2", {"name": "b", "retain_on_delete": False}
    )
    await engine.delete(kind(ops), ctx, "id-3", {"name": "c", "retain_on_delete": True})
    assert ops.deleted == ["id-2"]


async def test_read_reports_a_vanished_object_as_gone(ctx: Context) -> None:
    assert await engine.read(kind(Directory()), ctx, "id-1", {"name": "a"}) is None


def test_check_fills_defaults_and_names_missing_inputs() -> None:
    props, found = engine.check(kind(Directory()), {"colour": "red"})
    assert props["name"] is None
    assert found == [("name", "Thing: name is required")]
