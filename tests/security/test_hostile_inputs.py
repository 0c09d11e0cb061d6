"""Every parameter of every API operation, given a value no column can hold: a NUL character in
a string, an integer beyond 64 bits. Each must be refused with a 422 naming that parameter, on
SQLite and PostgreSQL alike (PostgreSQL used to answer 500: "cannot contain NUL", "bigint out
of range"). Random fuzzing rarely draws these values, so they are sent deliberately here."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import quote, urlencode

import pytest
from django.db import transaction
from django.test import Client

from openexpo.api.main import api
from tests.security.test_matrix import MISSING, _body
from tests.security.test_matrix import world as world  # noqa: F401 - the shared fixture
from tests.security.uploads import png
from tests.security.world import World

HUGE = 2**64
CASES = [
    (f"{method.upper()} {path}", param["name"], param["in"], param.get("schema", {}))
    for path, ops in api.get_openapi_schema()["paths"].items()
    for method, op in ops.items()
    if method in {"get", "post", "put", "patch", "delete"}
    for param in op.get("parameters", [])
    if param["in"] in {"path", "query"}
    and param.get("schema", {}).get("type", "string") in {"string", "integer"}
]


def _hostile(schema: dict[str, Any]) -> str:
    return str(HUGE) if schema.get("type") == "integer" else "a\x00b"


@pytest.mark.parametrize(
    "label, name, where, schema", CASES, ids=[f"{c[0]} {c[2]}:{c[1]}" for c in CASES]
)
def test_unstorable_parameter_is_a_422_naming_it(
    world: World, db: None, label: str, name: str, where: str, schema: dict[str, Any]
) -> None:
    method, path = label.split(" ", 1)
    op = api.get_openapi_schema()["paths"][path][method.lower()]
    components = api.get_openapi_schema()["components"]["schemas"]
    bad = _hostile(schema)
    url = re.sub(
        r"{(\w+)}",
        lambda m: (
            quote(bad, safe="") if m.group(1) == name else str(world.ids.get(m.group(1), MISSING))
        ),
        path,
    )
    query = {
        p["name"]: world.ids.get(p["name"], _body(p.get("schema", {}), components, world.ids))
        for p in op.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    if where == "query":
        query[name] = bad
    body: dict[str, Any] = {}
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = {
            "data": _body(content["application/json"]["schema"], components, world.ids),
            "content_type": "application/json",
        }
    if "multipart/form-data" in content:  # a file for each, so only the parameter is wrong
        form = content["multipart/form-data"]["schema"]
        body = {"data": {field: png() for field in form.get("required", [])}}
    client = Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens['organiser']}")
    with transaction.atomic():
        full = f"{url}?{urlencode(query)}" if query else url
        response = getattr(client, method.lower())(full, **body)
        transaction.set_rollback(True)
    assert response.status_code == 422, (response.status_code, response.content[:300])
    assert (response.json()["code"], response.json()["field"]) == ("invalid", name)
