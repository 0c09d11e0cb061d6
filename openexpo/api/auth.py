"""API authentication: a bearer token (`Authorization: Bearer <key>`) or the browser session.

Anonymous callers pass too (as AnonymousUser): what they may see is decided by the
permission module, not by the authentication layer.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from django.utils import timezone
from ninja.utils import check_csrf

from openexpo.core.models import ApiToken, User

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(*, user: User, name: str = "default") -> str:
    """Create a token for `user`; returns the key, shown once (only its hash is kept)."""
    key = secrets.token_urlsafe(32)
    ApiToken.objects.create(user=user, name=name, key_hash=token_hash(key))
    return key


class ExpoAuth:
    """Callable auth for ninja: returns the user (possibly anonymous), or None to refuse."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key:
                return None
            token = (
                ApiToken.objects.select_related("user")
                .filter(key_hash=token_hash(key.strip()))
                .first()
            )
            if token is None or not token.user.is_active:
                return None
            if not token.last_used or (timezone.now() - token.last_used).total_seconds() > 300:
                ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
            request.user = token.user
            return token.user
        user = getattr(request, "user", None) or AnonymousUser()
        if user.is_authenticated and request.method in UNSAFE and check_csrf(request) is not None:
            return None
        return user
