"""REST endpoints of the floorplan app."""

from ninja import Router

router = Router(tags=["floorplan"])
