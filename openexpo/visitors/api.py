"""REST endpoints of the visitors app."""

from ninja import Router

router = Router(tags=["visitors"])
