"""Shared pytest configuration. Feature fixtures live in tests/support/ and are loaded here."""
