"""Without the local-tenant extra, `tenantctl local-tenant` says how to install it."""

from __future__ import annotations

import subprocess
import sys

WITHOUT_AIOHTTP = (
    "import sys\n"
    "sys.modules['aiohttp'] = None  # as if the extra were not installed\n"
    "from tenantctl.cli import main\n"
    "main(['local-tenant', 'serve'])\n"
)


def test_the_local_tenant_without_its_server_extra_names_the_install() -> None:
    result = subprocess.run(
        [sys.executable, "-c", WITHOUT_AIOHTTP], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "Error: the local tenant needs aiohttp, from the local-tenant extra "
        "(fix: pip install 'tenantctl[local-tenant]')"
    )
