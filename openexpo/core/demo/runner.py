"""Runs the demo build: reference data, then each edition's steps in STEP_ORDER."""

from __future__ import annotations

import importlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.db import connection, transaction

from openexpo.core.demo import EDITION_SPECS, VENUE_EN, VENUE_ZH
from openexpo.core.demo.context import STEP_ORDER, DemoContext
from openexpo.core.demo.fastload import bulk_load_mode
from openexpo.core.errors import DomainError
from openexpo.core.models import Edition

KEPT_MODELS = {
    "core.Country",
    "core.ProductCategory",
    "core.User",
    "core.ApiToken",
    "core.AuditEntry",
}


def demo_editions() -> list[int]:
    return sorted(EDITION_SPECS)


def reference_load() -> None:
    """Countries and the HS tree from installed packages (idempotent)."""
    from openexpo.core.models import Country, ProductCategory

    if not Country.objects.exists():
        from openexpo.core.reference.countries import countries_load

        countries_load()
    if not ProductCategory.objects.exists():
        from openexpo.core.reference.hs import hs_load_from_package

        hs_load_from_package()


def _expo_models_children_first() -> list:
    """Every expo table except reference data and users, children before parents."""
    models = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m.__module__.startswith("openexpo.")
        or (
            m._meta.auto_created
            and m._meta.app_label
            in {c.label for c in apps.get_app_configs() if c.name.startswith("openexpo.")}
        )
    ]
    models = [m for m in models if m._meta.label not in KEPT_MODELS and not m._meta.proxy]
    order: list = []
    seen: set = set()

    def visit(model: Any) -> None:
        if model in seen:
            return
        seen.add(model)
        for other in models:  # anything pointing at `model` goes first
            if other is model:
                continue
            for field in other._meta.concrete_fields:
                if field.is_relation and field.related_model is model:
                    visit(other)
        order.append(model)

    for model in models:
        visit(model)
    return order


def demo_wipe() -> None:
    """Delete all expo data (keeps users, countries, HS). Refuses if non-demo editions exist."""
    others = Edition.objects.exclude(number__in=demo_editions()).values_list("number", flat=True)
    if others:
        raise DomainError(
            f"The database holds editions {sorted(others)} that the demo did not make; "
            "--replace would delete them too. Use a fresh database.",
            "not_demo_database",
        )
    with transaction.atomic():
        for model in _expo_models_children_first():
            model._base_manager.all()._raw_delete(connection.alias)


def _run_steps(ctx: DemoContext, log: Callable[[str], None]) -> None:
    for step in STEP_ORDER:
        module_name = "openexpo.core.demo" if step == "core" else f"openexpo.{step}.demo"
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue
            raise
        started = time.perf_counter()
        module.build(ctx)
        log(f"  {ctx.edition.number}: {step:<12} {time.perf_counter() - started:6.2f} s")


def demo_build(
    *,
    scale: float,
    seed: int,
    progress: Callable[..., Iterable] | None = None,
    log: Callable[[str], None] = print,
    fast_load: bool = True,
) -> list[Edition]:
    """Build the demo editions (the previous one first) in one transaction.

    The caller checks they don't exist. With `fast_load` the expo tables' secondary indexes
    (and PostgreSQL foreign keys) are rebuilt once at the end instead of row by row.
    """
    progress = progress or (lambda it, **kw: it)
    reference_load()
    tables = [model._meta.db_table for model in _expo_models_children_first()]
    with transaction.atomic(), bulk_load_mode(tables, enabled=fast_load):
        built = _build_editions(scale=scale, seed=seed, progress=progress, log=log)
        started = time.perf_counter()
    if fast_load:
        log(f"  indexes, foreign keys, commit {time.perf_counter() - started:6.2f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    return built


def _build_editions(
    *, scale: float, seed: int, progress: Callable[..., Iterable], log: Callable[[str], None]
) -> list[Edition]:
    previous: Edition | None = None
    built = []
    for number in demo_editions():
        spec = EDITION_SPECS[number]
        edition = Edition.objects.create(
            number=number,
            name_en=spec["name_en"],
            name_zh=spec["name_zh"],
            start_date=spec["start"],
            end_date=spec["end"],
            venue_en=VENUE_EN,
            venue_zh=VENUE_ZH,
            previous=previous,
            ldc_free_booth_quota=max(1, round(spec["ldc_quota"] * scale)),
        )
        ctx = DemoContext(
            edition=edition,
            previous=previous,
            scale=scale,
            seed=seed,
            progress=progress,
            spec=spec,
        )
        _run_steps(ctx, log)
        previous = edition
        built.append(edition)
    return built
