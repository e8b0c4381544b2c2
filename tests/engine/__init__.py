"""Tests that drive the real Pulumi engine (marker: engine)."""
