"""Badge services: issue (one or a whole edition), reissue a lost badge, revoke; the
revocation list the gates download."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone

from openexpo.core.audit import audit_record
from openexpo.core.demo.context import bulk_insert
from openexpo.core.errors import DomainError
from openexpo.core.models import Edition
from openexpo.solvers import badgecodec
from openexpo.visitors.keys import signer_for
from openexpo.visitors.models import Badge, Visitor
from openexpo.webhooks.services import emit as webhook_emit


class BadgeError(DomainError):
    pass


def _days(edition: Edition, days: Iterable[dt.date] | None) -> tuple[dt.date, int]:
    first, mask = badgecodec.day_mask_for(list(days) if days else edition.days)
    return dt.date.fromordinal(first), mask


def _encode(
    signer: badgecodec.Signer,
    edition: Edition,
    number: int,
    category: str,
    first: dt.date,
    mask: int,
    revision: int,
) -> str:
    return signer.encode(
        edition=edition.number,
        badge_id=number,
        category=category,
        first_day=first.toordinal(),
        day_mask=mask,
        revision=revision,
    )


def badge_issue(
    *,
    edition: Edition,
    visitor: Visitor | None = None,
    holder: Any = None,
    category: str = Badge.Category.VISITOR,
    days: Iterable[dt.date] | None = None,
) -> Badge:
    """Issue one badge (a visitor's, or a staff/press/exhibitor holder's)."""
    if category not in Badge.Category.values:
        raise BadgeError(f"Unknown badge category {category!r}.", "invalid_category")
    if visitor is not None and visitor.status != Visitor.Status.APPROVED:
        raise BadgeError("Only approved registrants get a badge.", "not_approved")
    existing = (
        Badge.objects.filter(
            edition=edition, visitor=visitor, holder=holder, status=Badge.Status.ACTIVE
        ).first()
        if visitor or holder
        else None
    )
    if existing is not None:
        return existing
    signer = signer_for(edition=edition)
    first, mask = _days(edition, days)
    for _attempt in range(5):
        number = (Badge.objects.filter(edition=edition).aggregate(m=Max("number"))["m"] or 0) + 1
        try:
            with transaction.atomic():
                return Badge.objects.create(
                    edition=edition,
                    number=number,
                    visitor=visitor,
                    holder=holder,
                    category=category,
                    first_day=first,
                    day_mask=mask,
                    payload=_encode(signer, edition, number, category, first, mask, 0),
                    issued_at=timezone.now(),
                )
        except IntegrityError:
            continue
    raise BadgeError("Could not allocate a badge number; try again.", "busy_conflict")


def _payloads(
    private: bytes,
    ed_no: int,
    start: int,
    count: int,
    cat: str,
    first_ord: int,
    mask: int,
    workers: int,
    min_parallel: int = 40_000,
) -> list[str]:
    """Sign `count` badges from number `start`, in `workers` processes when it pays off."""
    if workers <= 1 or count < min_parallel:
        return badgecodec.sign_range(private, ed_no, start, count, cat, first_ord, mask)
    step = -(-count // (workers * 4))
    spans = [(s, min(step, start + count - s)) for s in range(start, start + count, step)]
    cat = str(cat)  # a plain str: a TextChoices member would make the child import Django models
    ctx = multiprocessing.get_context("spawn")  # no Django, no inherited DB connection
    with ProcessPoolExecutor(max_workers=workers, mp_context=ctx) as pool:
        futures = [
            pool.submit(badgecodec.sign_range, private, ed_no, s, n, cat, first_ord, mask)
            for s, n in spans
        ]
        return [text for f in futures for text in f.result()]


def badges_issue_all(*, edition: Edition, batch: int = 20_000, workers: int | None = None) -> int:
    """Issue visitor badges to every approved visitor of the edition that has none; the
    signing runs on every core (OPENEXPO_BADGE_WORKERS or the CPU count)."""
    signer = signer_for(edition=edition)
    first, mask = _days(edition, None)
    start = (Badge.objects.filter(edition=edition).aggregate(m=Max("number"))["m"] or 0) + 1
    have = Badge.objects.filter(edition=edition, visitor__isnull=False).values("visitor_id")
    ids = list(
        Visitor.objects.filter(edition=edition, status=Visitor.Status.APPROVED)
        .exclude(pk__in=have)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    now = timezone.now()
    cat = Badge.Category.VISITOR
    ed_no, first_ord = edition.number, first.toordinal()
    workers = workers or int(os.environ.get("OPENEXPO_BADGE_WORKERS", "0")) or os.cpu_count() or 1
    payloads = _payloads(signer.private, ed_no, start, len(ids), cat, first_ord, mask, workers)

    def rows():
        for i, (vid, payload) in enumerate(zip(ids, payloads, strict=True)):
            yield (edition.pk, start + i, vid, cat, 0, first, mask, payload, "active", now)

    cols = [
        "edition_id",
        "number",
        "visitor_id",
        "category",
        "revision",
        "first_day",
        "day_mask",
        "payload",
        "status",
        "issued_at",
    ]
    with transaction.atomic():
        return bulk_insert(Badge, cols, rows(), batch=batch)


def badge_reissue(*, badge: Badge, actor: Any, reason: str = "lost") -> Badge:
    """Replace a lost badge: same number, next revision; every older QR is refused."""
    with transaction.atomic():
        badge = Badge.objects.select_for_update().select_related("edition").get(pk=badge.pk)
        if badge.status == Badge.Status.REVOKED:
            raise BadgeError("A revoked badge cannot be reissued.", "revoked")
        before = {"revision": badge.revision}
        badge.revision += 1
        first, mask = badge.first_day, badge.day_mask
        badge.payload = _encode(
            signer_for(edition=badge.edition),
            badge.edition,
            badge.number,
            badge.category,
            first,
            mask,
            badge.revision,
        )
        badge.issued_at = timezone.now()
        badge.save(update_fields=["revision", "payload", "issued_at"])
        audit_record(
            actor=actor,
            action="badge.reissue",
            obj=badge,
            before=before,
            after={"revision": badge.revision},
            reason=reason,
        )
    return badge


def badge_revoke(*, badge: Badge, actor: Any, reason: str = "") -> Badge:
    """Revoke a badge for good (no replacement)."""
    with transaction.atomic():
        badge = Badge.objects.select_for_update().get(pk=badge.pk)
        badge.status = Badge.Status.REVOKED
        badge.revoked_at = timezone.now()
        badge.save(update_fields=["status", "revoked_at"])
        audit_record(actor=actor, action="badge.revoke", obj=badge, reason=reason)
        webhook_emit("badge.revoked", {"badge": badge.pk, "number": badge.number})
    return badge


def revocation_list(*, edition_id: int) -> dict[int, int]:
    """badge number -> lowest revision still valid (revoked badges: one past the last)."""
    rows = Badge.objects.filter(
        Q(revision__gt=0) | Q(status=Badge.Status.REVOKED), edition_id=edition_id
    ).values_list("number", "revision", "status")
    return {n: rev + 1 if st == Badge.Status.REVOKED else rev for n, rev, st in rows}
