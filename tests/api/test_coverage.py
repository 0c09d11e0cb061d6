"""Every public write function of the domain is reached by an API operation, or is listed in
INTERNAL with the reason it has none.

"Reached" is read from the source of the API modules (`openexpo/*/api*.py`, `openexpo/api/*.py`):
a name an API module imports from an `openexpo` module and uses, resolved to the function
object, so re-exports (`exhibitors.services.participation_reopen`) count as the function they
are. A new public function in an audited module that no operation calls fails here until it
gets an operation or a line in INTERNAL; a new module that writes (opens a transaction) fails
until it is audited or listed in NOT_AUDITED (views, admin, forms, tasks and the API modules
themselves are HTTP or task plumbing and are not counted).
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pathlib
import re
from types import FunctionType, ModuleType

import openexpo

PACKAGE = pathlib.Path(openexpo.__file__).parent
# What makes a module "one that writes": a transaction, or a model save/create/delete.
WRITES = re.compile(
    r"transaction\.atomic|\.save\(|\.delete\(\)"
    r"|\.objects\.(create|bulk_create|get_or_create|update_or_create)\("
)

# The modules that hold the domain's writes: every services.py, and the other write entry points.
AUDITED = sorted(
    {f"openexpo.{p.parent.name}.services" for p in PACKAGE.glob("*/services.py")}
    | {
        "openexpo.api.auth",
        "openexpo.deals.rates",
        "openexpo.exhibitors.applications",
        "openexpo.exhibitors.importing",
        "openexpo.exhibitors.review",
        "openexpo.floorplan.allocation",
        "openexpo.floorplan.competitors",
        "openexpo.floorplan.plan_io",
        "openexpo.forums.importer",
        "openexpo.forums.seats",
        "openexpo.forums.timetabling",
        "openexpo.matchmaking.jobs",
        "openexpo.matchmaking.meeting_services",
        "openexpo.matchmaking.scheduling",
        "openexpo.visitors.badge_jobs",
        "openexpo.visitors.badges",
        "openexpo.visitors.checkin",
        "openexpo.visitors.privacy",
    }
)

# Modules that write but are no API capability of their own (module -> why).
NOT_AUDITED: dict[str, str] = {
    "openexpo.catalogue.images": "upload checks, called by catalogue.services",
    "openexpo.catalogue.search": "search index upkeep, called by the services that change data",
    "openexpo.catalogue.search_sqlite": "search index backend",
    "openexpo.catalogue.search_store": "search index storage",
    "openexpo.core.audit": "the audit trail, written by every service",
    "openexpo.core.backup": "backup/restore: management commands, not an API capability",
    "openexpo.core.imports": "shared sheet reader of the imports (each app's import is audited)",
    "openexpo.core.jobs": "background-job plumbing (dispatch, requeue, reclaim)",
    "openexpo.core.reference.countries": "reference data loader (migrations, commands)",
    "openexpo.core.reference.hs": "reference data loader (migrations, commands)",
    "openexpo.deals.rollup": "statistics roll-up, kept by deals services",
    "openexpo.exhibitors.tabular": "sheet reading for the import",
    "openexpo.reports.stats_export": "statistics export files (read side)",
    "openexpo.visitors.keys": "badge signing keys, created on first use",
    "openexpo.visitors.render": "badge PDF/PNG rendering cache",
}

# Public functions of audited modules that no API operation calls, each with its reason.
INTERNAL: dict[str, str] = {
    "openexpo.deals.rates.rate_book": "read helper: the rates in memory",
    "openexpo.deals.rates.deals_recompute": "called by rate_set, rate_delete and edition_deals_recompute",
    "openexpo.deals.services.side_of": "read helper: which side of a deal a user is on",
    "openexpo.deals.services.snapshot": "helper: a deal's audit snapshot",
    "openexpo.exhibitors.applications.application_validate": "helper of apply/update",
    "openexpo.exhibitors.applications.search_sync": "search index upkeep after a change",
    "openexpo.exhibitors.applications.transition_record": "helper: records a status change",
    "openexpo.exhibitors.importing.export_rows": "helper of applications_export",
    "openexpo.floorplan.allocation.allocation_run": "background job body (Celery task)",
    "openexpo.floorplan.allocation.allocation_store": "called by allocation_run",
    "openexpo.floorplan.allocation.booth_codes": "helper of allocation_store",
    "openexpo.floorplan.allocation.plan_check": "read helper of the allocation",
    "openexpo.floorplan.allocation.problem_for": "builds the solver's input",
    "openexpo.floorplan.competitors.competitor_pair_check": "validation helper of pair_add",
    "openexpo.floorplan.competitors.competitors_by_participation": "read helper of allocation",
    "openexpo.floorplan.plan_io.plan_validate": "called by plan_import (its dry run)",
    "openexpo.floorplan.services.booth_validate": "validation helper of booth writes",
    "openexpo.floorplan.services.cells_insert": "helper of hall geometry writes",
    "openexpo.forums.importer.parse": "called by programme_import",
    "openexpo.forums.seats.promotion_notify": "e-mail task after a waitlist promotion",
    "openexpo.forums.seats.waitlist_promote": "called by registration_cancel/session_update",
    "openexpo.matchmaking.jobs.schedule_job_run": "background job body (Celery task)",
    "openexpo.matchmaking.scheduling.build_problem": "called by schedule_day",
    "openexpo.matchmaking.scheduling.busy_intervals": "read helper of scheduling",
    "openexpo.matchmaking.scheduling.greedy_schedule": "called by schedule_day",
    "openexpo.matchmaking.scheduling.schedule_day": "called by schedule_edition",
    "openexpo.matchmaking.scheduling.schedule_edition": "run by the schedule job",
    "openexpo.matchmaking.scheduling.slot_grid": "read helper of scheduling",
    "openexpo.matchmaking.services.setup_for": "read helper: an edition's meeting setup",
    "openexpo.visitors.badge_jobs.badges_issue_job_run": "background job body (Celery task)",
    "openexpo.visitors.badges.badges_issue_all": "run by badges_issue_job_run (a job)",
    "openexpo.visitors.badges.revocation_list": "read: served inside the gate bundle",
    "openexpo.visitors.checkin.reset_caches": "test/ops helper: clears per-process caches",
    "openexpo.visitors.privacy.anonymous_figures": "read helper of personal_data_purge",
    "openexpo.visitors.privacy.personal_data_purge": "cron: `manage.py purge_personal_data`",
    "openexpo.visitors.privacy.retention_ends": "read helper: when data may be purged",
    "openexpo.webhooks.services.backoff": "helper: retry delays",
    "openexpo.webhooks.services.body_of": "helper: a delivery's JSON body",
    "openexpo.webhooks.services.deliveries_retry_due": "Celery beat / cron: webhooks_retry",
    "openexpo.webhooks.services.delivery_attempt": "Celery task body: one delivery attempt",
    "openexpo.webhooks.services.emit": "called by the services whose events are subscribed",
    "openexpo.webhooks.services.http_transport": "helper: the HTTP POST of a delivery",
    "openexpo.webhooks.services.subscriptions_changed": "cache upkeep after a subscription write",
}


def _api_modules() -> list[pathlib.Path]:
    return sorted(set(PACKAGE.glob("*/api*.py")) | set((PACKAGE / "api").glob("*.py")))


def _references(path: pathlib.Path) -> set[tuple[str, str]]:
    """(module, name) pairs an API module uses from `openexpo` modules."""
    tree = ast.parse(path.read_text())
    names: dict[str, tuple[str, str]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("openexpo"):
            for alias in node.names:
                names[alias.asname or alias.name] = (node.module, alias.name)
    found: set[tuple[str, str]] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name):
            if node.value.id in names:  # `services.exhibit_delete` with `services` a module
                module, name = names[node.value.id]
                found.add((f"{module}.{name}", node.attr))
        elif isinstance(node, ast.Name) and node.id in names:
            found.add(names[node.id])
    return found


def _resolve(module: str, name: str) -> object | None:
    try:
        return getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None


def reached() -> set[object]:
    """The function objects some API module calls or refers to."""
    out: set[object] = set()
    for path in _api_modules():
        for module, name in _references(path):
            target = _resolve(module, name)
            if isinstance(target, FunctionType):
                out.add(target)
    return out


def public_functions(module: ModuleType) -> dict[str, FunctionType]:
    return {
        f"{module.__name__}.{name}": fn
        for name, fn in inspect.getmembers(module, inspect.isfunction)
        if not name.startswith("_") and fn.__module__ == module.__name__
    }


def _audited_functions() -> dict[str, FunctionType]:
    out: dict[str, FunctionType] = {}
    for name in AUDITED:
        out |= public_functions(importlib.import_module(name))
    return out


def test_every_public_write_function_is_reached_by_the_api_or_internal() -> None:
    called = reached()
    gaps = sorted(
        name
        for name, fn in _audited_functions().items()
        if fn not in called and name not in INTERNAL
    )
    assert gaps == [], (
        "no API operation calls these (add one, or a line in INTERNAL): " + ", ".join(gaps)
    )


def test_internal_lines_are_current() -> None:
    functions, called = _audited_functions(), reached()
    unknown = sorted(name for name in INTERNAL if name not in functions)
    now_reached = sorted(name for name in INTERNAL if functions.get(name) in called)
    assert (unknown, now_reached) == ([], [])


def test_every_module_that_writes_is_audited_or_excused() -> None:
    writing = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE.parent).with_suffix("")
        parts = rel.parts
        if {"migrations", "management", "demo"} & set(parts):
            continue
        stem = parts[-1]
        if stem.startswith(("api", "views", "admin", "forms", "demo", "tasks")) or stem.endswith(
            "_views"
        ):
            continue
        if WRITES.search(path.read_text()):
            writing.add(".".join(parts))
    assert sorted(writing - set(AUDITED) - set(NOT_AUDITED)) == []


def test_the_reference_reader_sees_known_operations() -> None:
    """The check above can fail: a function an operation calls is reached, a helper is not."""
    from openexpo.catalogue.services import exhibit_create
    from openexpo.exhibitors.review import participation_approve  # via exhibitors.services
    from openexpo.webhooks.services import backoff

    called = reached()
    assert (exhibit_create in called, participation_approve in called, backoff in called) == (
        True,
        True,
        False,
    )
