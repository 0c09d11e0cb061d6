"""The catalogue's domain error."""

from openexpo.core.errors import DomainError


class CatalogueError(DomainError):
    """A catalogue rule was broken (bad image, bad category, launch outside the expo ...)."""
