"""Domain errors: services raise these with a code; views and the API turn them into 4xx."""

from __future__ import annotations


class DomainError(Exception):
    """An error a user can fix, with a stable machine-readable code and an optional field."""

    def __init__(self, message: str, code: str = "invalid", *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field

    def as_dict(self) -> dict:
        out = {"code": self.code, "detail": self.message}
        if self.field:
            out["field"] = self.field
        return out


class PermissionDenied(DomainError):
    def __init__(self, message: str = "You may not do this.", code: str = "forbidden") -> None:
        super().__init__(message, code)
