"""Test helper: the request headers of an API call made with a fresh token of `user`."""

from __future__ import annotations

from typing import Any

from openexpo.api.auth import token_issue


def bearer(user: Any) -> dict[str, str]:
    """Django test-client keyword arguments carrying a new bearer token of `user`."""
    return {"HTTP_AUTHORIZATION": f"Bearer {token_issue(user=user)}"}
