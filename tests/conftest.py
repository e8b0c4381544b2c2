"""Shared pytest configuration. Feature fixtures live in tests/support/ and are loaded here."""

pytest_plugins = ["tests.support.graph_schema", "tests.support.local_tenant_fixture"]
