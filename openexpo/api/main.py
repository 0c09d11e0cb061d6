"""The NinjaAPI instance, error handlers and router mounting."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI

from openexpo.api import errors, inputs
from openexpo.api.auth import ExpoAuth
from openexpo.api.ratelimit import AnonThrottle, TokenThrottle


class ExpoAPI(NinjaAPI):
    """The NinjaAPI whose OpenAPI schema documents the error envelope on every operation."""

    def get_openapi_schema(self, *args: Any, **kwargs: Any) -> Any:
        return errors.document(super().get_openapi_schema(*args, **kwargs))


api = ExpoAPI(
    title="OpenExpo API",
    version="1",
    description=(
        "Editions, exhibitors, exhibits, floor plan, visitors, matchmaking, deals, forum. "
        "Every error is one JSON envelope, `{code, detail, field?, errors?, retry_after?}`, "
        "with a stable `code` (see the README, section API)."
    ),
    auth=ExpoAuth(),
    throttle=[TokenThrottle(), AnonThrottle()],
    urls_namespace="api",
    docs_url="/docs",
)
errors.install(api)
inputs.install(api)


def _mount() -> None:
    from openexpo.api.tokens import router as tokens
    from openexpo.catalogue.api import router as catalogue
    from openexpo.core.api import router as core
    from openexpo.deals.api import router as deals
    from openexpo.exhibitors.api import router as exhibitors
    from openexpo.floorplan.api import router as floorplan
    from openexpo.forums.api import router as forums
    from openexpo.matchmaking.api import router as matchmaking
    from openexpo.reports.api import router as reports
    from openexpo.visitors.api import router as visitors
    from openexpo.webhooks.api import router as webhooks

    api.add_router("/", core)
    api.add_router("/", exhibitors)
    api.add_router("/", catalogue)
    api.add_router("/", reports)
    api.add_router("/", floorplan)
    api.add_router("/", visitors)
    api.add_router("/", matchmaking)
    api.add_router("/", deals)
    api.add_router("/", forums)
    api.add_router("/", webhooks)
    api.add_router("/", tokens)


_mount()
