"""Every API operation and every named page, as every role, against other people's objects.

The operations come from the served OpenAPI schema and the pages from the URL resolver, so a
new endpoint without a line in EXPECTED fails here. Each line lists the status each role gets,
in ROLES order. Whatever the status, a refused request (4xx) must leave every table unchanged.

To print the observed table after adding endpoints: SECURITY_MATRIX_PRINT=1 pytest -s <this file>
(then review each new line before pasting it in: a 2xx for a non-organiser on someone else's
object is a hole unless the object is public).
"""

from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import urlencode

import pytest
from django.contrib import admin
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security.expected import EXPECTED
from tests.security.uploads import API_UPLOADS, PAGE_UPLOADS
from tests.security.world import ROLES, World, db_checksum, world_build

UNSAFE = {"post", "put", "patch", "delete"}
# The id of an object that exists on no database (PostgreSQL's sequences are not rolled back
# with the tests, so a literal like 1 or 999999 names different rows from run to run).
MISSING = 2**31 - 1
# Admin pages are Django's own (staff + model permissions): the index, and for every registered
# model its list and its add form (GET; the changes go through the same ModelAdmin permissions).
SKIPPED_PAGE_PREFIXES = ("admin:", "api:")
EXTRA_PAGES = ["admin:index"]
ADMIN_PAGES = sorted(
    f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}"
    for model in admin.site._registry
    for view in ("changelist", "add")
)
# Rows a non-organiser staff user may see in an admin list: the exhibitor's own company and
# own staff row; everything else in the world is other people's.
ADMIN_OWN_ROWS = {
    "admin:exhibitors_company_changelist": 1,
    "admin:exhibitors_exhibitorstaff_changelist": 1,
}
OBSERVED: dict[str, dict[str, int]] = {}
# Page URL keywords whose meaning depends on the page: keyword -> key in World.ids (or a literal).
PAGE_KWARGS: dict[str, dict[str, str]] = {
    "catalogue:company": {"pk": "company_id"},
    "catalogue:exhibit": {"pk": "exhibit_id"},
    "catalogue:exhibit_delete": {"pk": "exhibit_id"},
    "catalogue:exhibit_edit": {"pk": "exhibit_id"},
    "catalogue:image_add": {"pk": "exhibit_id"},
    "catalogue:image_delete": {"pk": "image_id"},
    "catalogue:launch": {"pk": "launch_id"},
    "deals:confirm": {"pk": "deal_id"},
    "deals:decide": {"pk": "deal_id"},
    "deals:detail": {"pk": "deal_id"},
    "deals:dispute": {"pk": "deal_id"},
    "exhibitors:application": {"pk": "participation_id"},
    "exhibitors:application_action": {"pk": "participation_id", "verb": "=withdraw"},
    "exhibitors:application_edit": {"pk": "participation_id"},
    "exhibitors:review_detail": {"pk": "participation_id"},
    "exhibitors:review_ldc_grant": {"pk": "participation_id"},
    "floorplan:competitor_remove": {"pk": "pair_id"},
    "forums:agenda_toggle": {"pk": "session_id"},
    "forums:cancel": {"pk": "registration_id"},
    "forums:register": {"pk": "session_id"},
    "forums:session": {"pk": "session_id"},
    "forums:session_ics": {"pk": "session_id"},
    "forums:speaker": {"code": "speaker_code"},
    "forums:subforum": {"code": "subforum_code"},
    "forums:subforum_ics": {"code": "subforum_code"},
    "forums:agenda_feed": {"token": "=not-a-token"},
    "forums:day": {"day": "day"},
    "forums:room": {"room": "room"},
    "forums:topic": {"topic": "=health"},
    "matchmaking:request_answer": {"verb": "=accept"},
    "password_reset_confirm": {"uidb64": "=MQ", "token": "=set-password"},
    "reports:stats_export": {"key": "stats_key", "fmt": "=csv"},
    "reports:stats_table": {"key": "stats_key"},
    "visitors:badge_reissue": {"pk": "badge_id"},
    "visitors:delegation_import": {"pk": "delegation_id"},
    "visitors:gate": {"code": "code"},
}


def _page_kwargs(world: World, name: str, params: list[str]) -> dict[str, Any]:
    mapping = PAGE_KWARGS.get(name, {})
    kwargs = {}
    for param in params:
        key = mapping.get(param, param)
        kwargs[param] = key[1:] if key.startswith("=") else world.ids.get(key, MISSING)
    return kwargs


def _operations() -> list[tuple[str, str, dict[str, Any]]]:
    from openexpo.api.main import api

    schema = api.get_openapi_schema()
    return [
        (method, path, op)
        for path, ops in schema["paths"].items()
        for method, op in ops.items()
        if method in {"get", "post", "put", "patch", "delete"}
    ]


def _page_names() -> list[tuple[str, list[str]]]:
    """(namespaced name, its URL keyword names) for every named pattern."""
    found: dict[str, list[str]] = {}

    def walk(patterns: list[Any], namespace: str, prefix_params: list[str]) -> None:
        for p in patterns:
            params = prefix_params + re.findall(r"(?:\(\?P)?<(?:\w+:)?(\w+)>", str(p.pattern))
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns, params)
            elif isinstance(p, URLPattern) and p.name:
                name = f"{namespace}{p.name}"
                if not name.startswith(SKIPPED_PAGE_PREFIXES):
                    found.setdefault(name, params)

    walk(get_resolver().url_patterns, "", [])
    for name in EXTRA_PAGES + ADMIN_PAGES:
        found[name] = []
    return sorted(found.items())


OPERATIONS = _operations()
PAGES = _page_names()
API_CASES = [f"{m.upper()} {p}" for m, p, _ in OPERATIONS]
PAGE_CASES = [
    f"{m} page {n}" for n, _ in PAGES for m in ("GET", "POST") if m == "GET" or n not in ADMIN_PAGES
]


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """Built once per module inside a transaction that is rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        yield world_build()
        transaction.set_rollback(True)
    if os.environ.get("SECURITY_MATRIX_PRINT"):
        for case in sorted(OBSERVED):
            row = " ".join(str(OBSERVED[case].get(r, "-")) for r in ROLES)
            print(f'    "{case}": "{row}",')


def _is_id(name: str) -> bool:
    return name == "id" or name.endswith("_id")


@pytest.fixture
def media(settings, tmp_path) -> None:
    """Uploaded files go to a temporary directory."""
    settings.MEDIA_ROOT = tmp_path


def _body(schema: dict[str, Any], components: dict[str, Any], ids: dict[str, Any]) -> Any:
    """A plausible value for a JSON schema: required fields only, ids of existing objects."""
    if "$ref" in schema:
        return _body(components[schema["$ref"].rsplit("/", 1)[1]], components, ids)
    for key in ("anyOf", "oneOf", "allOf"):
        if key in schema:
            return _body(schema[key][0], components, ids)
    if "enum" in schema:
        return schema["enum"][0]
    if "default" in schema:
        return schema["default"]
    kind = schema.get("type")
    if kind == "object":
        props = schema.get("properties", {})
        return {
            name: ids.get(name, MISSING if _is_id(name) else _body(props[name], components, ids))
            for name in schema.get("required", [])
            if name in props
        }
    if kind == "array":
        return []
    if kind == "integer":
        return 1
    if kind == "number":
        return 1
    if kind == "boolean":
        return True
    fmt = schema.get("format", "")
    if fmt == "date":
        return "2023-11-05"
    if fmt == "date-time":
        return "2023-11-05T10:00:00+08:00"
    return "x"


def _client(world: World, role: str, *, api: bool) -> Client:
    client = Client()
    if role == "anonymous":
        return client
    if api:
        return Client(HTTP_AUTHORIZATION=f"Bearer {world.tokens[role]}")
    client.force_login(world.users[role])
    return client


def _run_roles(world: World, case: str, request: Any, writer: str | None = None) -> None:
    """Each role in its own savepoint; one failure message naming every role that went wrong.

    `request(role)` gives (status, whether data changed, a problem it saw or None); `writer`
    is a role whose request must change data (a valid upload must be taken by who may)."""
    problems = []
    for role in ROLES:
        with transaction.atomic():
            status, changed, problem = request(role)
            transaction.set_rollback(True)
        OBSERVED.setdefault(case, {})[role] = status
        if problem:
            problems.append(f"{role}: {problem}")
        if status >= 500:
            problems.append(f"{role}: server error {status}")
        if status >= 400 and changed:
            problems.append(f"{role}: refused with {status} but data changed")
        if role == writer and not changed:
            problems.append(f"{role}: answered {status} but wrote nothing")
        expected = dict(zip(ROLES, EXPECTED.get(case, "").split(), strict=False)).get(role)
        if str(status) != expected:
            problems.append(f"{role}: got {status}, expected {expected}")
    assert case in EXPECTED, f"no expectation for {case}: add a line to tests/security/expected.py"
    assert problems == [], f"{case}: " + "; ".join(problems)


@pytest.mark.parametrize("case", API_CASES)
def test_api_operation(world: World, db: None, case: str, media: None) -> None:
    from openexpo.api.main import api

    method, path = case.split(" ", 1)
    op = next(o for m, p, o in OPERATIONS if m == method.lower() and p == path)
    components = api.get_openapi_schema().get("components", {}).get("schemas", {})
    url = re.sub(r"{(\w+)}", lambda m: str(world.ids.get(m.group(1), MISSING)), path)
    query = {
        p["name"]: world.ids.get(p["name"], _body(p.get("schema", {}), components, world.ids))
        for p in op.get("parameters", [])
        if p["in"] == "query" and p.get("required")
    }
    kwargs: dict[str, Any] = {}
    content = op.get("requestBody", {}).get("content", {})
    if "application/json" in content:
        body = _body(content["application/json"]["schema"], components, world.ids)
        kwargs = {"data": body, "content_type": "application/json"}
    upload = API_UPLOADS.get(case)
    if upload is not None:
        query.update(upload[2])
    if method != "GET" and query:
        url = f"{url}?{urlencode(query)}"
    unsafe = method.lower() in UNSAFE

    def request(role: str) -> tuple[int, bool]:
        client = _client(world, role, api=True)
        before = db_checksum() if unsafe else ""
        if method == "GET":
            response = client.get(url, query)
        elif upload is not None:  # a valid file, built afresh for each role
            response = client.post(url, {upload[0]: upload[1](world.ids)})
        else:
            response = getattr(client, method.lower())(url, **kwargs)
        return response.status_code, unsafe and db_checksum() != before, None

    _run_roles(world, case, request, writer="organiser" if upload else None)


@pytest.mark.parametrize("case", PAGE_CASES)
def test_page(world: World, db: None, case: str, media: None) -> None:
    method, _, name = case.split(" ", 2)
    params = dict(PAGES)[name]
    url = reverse(name, kwargs=_page_kwargs(world, name, params))

    def request(role: str) -> tuple[int, bool]:
        client = _client(world, role, api=False)  # logging in writes last_login: before that
        before = db_checksum() if method == "POST" else ""
        form = PAGE_UPLOADS[name](world.ids) if name in PAGE_UPLOADS else {}
        response = client.get(url) if method == "GET" else client.post(url, form)
        problem = None
        if name.endswith("_changelist") and response.status_code == 200 and role != "organiser":
            rows = response.context["cl"].result_count  # staff see only their own rows
            if rows != ADMIN_OWN_ROWS.get(name, 0):
                problem = f"admin list shows {rows} rows"
        return response.status_code, method == "POST" and db_checksum() != before, problem

    writer = "organiser" if method == "POST" and name in PAGE_UPLOADS else None
    _run_roles(world, case, request, writer=writer)
