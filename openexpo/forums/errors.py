"""The forum's domain error: a coded, user-fixable refusal (see openexpo.core.errors)."""

from __future__ import annotations

from openexpo.core.errors import DomainError


class ForumError(DomainError):
    """A refused forum operation: `code` is stable (`room_conflict`, `already_registered`, ...)."""
