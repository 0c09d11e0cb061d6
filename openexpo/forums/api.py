"""REST endpoints of the forums app."""

from ninja import Router

router = Router(tags=["forums"])
