"""Reliability tests reuse the engine suite's fixtures: its engine environment and the
`demo` stack (the real program and description, configured for a reset local tenant)."""

from tests.engine.conftest import demo, engine_bin

__all__ = ["demo", "engine_bin"]
