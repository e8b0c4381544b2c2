"""The real program refuses a stack configuration it would misread, before any change: one
line naming the key and the fix, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.local_tenant_fixture import LocalTenantHandle

from .conftest import EngineEnv
from .demo_stack import prepare_demo_stack

pytestmark = pytest.mark.engine


def test_a_misspelt_key_stops_the_preview_with_its_fix(
    tmp_path: Path, engine_env: EngineEnv, local_tenant: LocalTenantHandle
) -> None:
    demo = prepare_demo_stack(tmp_path, engine_env, local_tenant)
    demo.run("config", "set", "groupprovider", "azuread")

    result = demo.run("preview", expect_returncode=None)

    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert (
        "unknown configuration key 'm365-tenant:groupprovider': did you mean 'groupProvider'? "
        "(fix: `pulumi config rm groupprovider`" in output
    )
    assert "Traceback" not in output
    assert local_tenant.admin.graph("GET", "/groups?$select=id")["value"] == []
