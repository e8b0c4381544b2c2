"""The dynamic provider as Pulumi stores it: only the kind is pickled, never a client or secret."""

from __future__ import annotations

import asyncio
import base64
import pickle

import dill
import httpx
from pulumi.dynamic import Config, ConfigureRequest
from pulumi.dynamic.dynamic import serialize_provider

from tenantctl.resources.provider import GraphProvider
from tenantctl.resources.registry import SPECS
from tenantctl.resources.serialisation import pickler_restored


def roundtrip(provider: GraphProvider) -> tuple[bytes, GraphProvider]:
    with pickler_restored():
        raw = base64.b64decode(serialize_provider(provider))
    return raw, dill.loads(raw)


def test_every_kind_survives_pulumis_dill_round_trip() -> None:
    for kind in SPECS:
        _, copy = roundtrip(GraphProvider(kind))
        assert copy.kind == kind
        assert copy.spec is SPECS[kind]


def test_configuration_and_secrets_stay_out_of_the_serialised_provider() -> None:
    provider = GraphProvider("Group")
    config = Config(
        {"m365-tenant:clientSecret": "s3cret", "m365-tenant:tenantId": "t"}, "m365-tenant"
    )
    provider.configure(ConfigureRequest(config))
    assert provider._config == {"clientSecret": "s3cret", "tenantId": "t"}

    raw, copy = roundtrip(provider)

    assert b"s3cret" not in raw
    assert copy._config == {}


def test_the_pickled_state_holds_no_client_credential_or_event_loop() -> None:
    raw, _ = roundtrip(GraphProvider("Team"))
    state = pickle.loads(raw).__dict__
    assert set(state) == {"kind", "_config"}
    forbidden = (httpx.AsyncClient, asyncio.AbstractEventLoop)
    assert not any(isinstance(value, forbidden) for value in state.values())
    for name in (b"httpx", b"azure.identity", b"asyncio", b"GraphClient"):
        assert name not in raw
