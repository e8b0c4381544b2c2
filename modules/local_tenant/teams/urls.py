"""Placeholder."""

from __future__ import annotations

from local_tenant.router import Route


def routes() -> list[Route]:
    return []


def download_routes() -> list[Route]:
    return []
