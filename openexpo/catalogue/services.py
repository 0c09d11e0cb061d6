"""Writes to the catalogue: exhibits, their pictures and launch events.

Every service checks permission (exhibitor staff: their own company only; organisers: all),
owns its transaction, writes an audit entry, and brings the search index up to date
explicitly (no signals) before returning.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from openexpo.catalogue import search
from openexpo.catalogue.errors import CatalogueError
from openexpo.catalogue.images import check_image
from openexpo.catalogue.models import Exhibit, ExhibitImage, LaunchEvent
from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import PermissionDenied
from openexpo.core.models import Country, ProductCategory
from openexpo.exhibitors.models import Participation

EXHIBIT_FIELDS = {
    "name_en",
    "name_zh",
    "description_en",
    "description_zh",
    "category_code",
    "origin_code",
    "launch_type",
}
MAX_IMAGES = 8


def _reindex(exhibit_ids: list[int], participation_id: int) -> None:
    search.index_exhibits(exhibit_ids)
    search.index_participations([participation_id], with_exhibits=False)


def _category(code: str) -> ProductCategory | None:
    code = (code or "").replace(".", "").strip()
    if not code:
        return None
    cat = ProductCategory.objects.filter(code=code).first()
    if cat is None:
        raise CatalogueError(_("Unknown HS code."), "category_unknown", field="category_code")
    if cat.level not in (ProductCategory.Level.HEADING, ProductCategory.Level.SUBHEADING):
        raise CatalogueError(
            _("Choose an HS heading (4 digits) or subheading (6 digits)."),
            "category_level",
            field="category_code",
        )
    return cat


def _origin(code: str) -> Country | None:
    code = (code or "").strip().upper()
    if not code:
        return None
    country = Country.objects.filter(code=code).first()
    if country is None:
        raise CatalogueError(_("Unknown country code."), "origin_unknown", field="origin_code")
    return country


def _apply(exhibit: Exhibit, changes: dict[str, Any]) -> None:
    unknown = set(changes) - EXHIBIT_FIELDS
    if unknown:
        field = sorted(unknown)[0]
        raise CatalogueError(_("Unknown or read-only field."), "invalid", field=field)
    for key, value in changes.items():
        if key == "category_code":
            exhibit.category = _category(value)
        elif key == "origin_code":
            exhibit.origin = _origin(value)
        elif key == "launch_type":
            if value not in Exhibit.Launch.values:
                raise CatalogueError(_("Unknown launch type."), "invalid", field="launch_type")
            exhibit.launch_type = value
        else:
            setattr(exhibit, key, str(value or "").strip())
    if not exhibit.name_en:
        raise CatalogueError(_("The English name may not be empty."), "invalid", field="name_en")
    if len(exhibit.name_en) > 200 or len(exhibit.name_zh) > 200:
        raise CatalogueError(
            _("A name may have at most 200 characters."), "invalid", field="name_en"
        )


def _snapshot(exhibit: Exhibit) -> dict[str, Any]:
    return {
        "name_en": exhibit.name_en,
        "name_zh": exhibit.name_zh,
        "category": exhibit.category_id,
        "origin": exhibit.origin_id,
        "launch_type": exhibit.launch_type,
    }


def exhibit_create(*, actor: Any, participation: Participation, changes: dict[str, Any]) -> Exhibit:
    """Add an exhibit to a participation (exhibitor staff: their own company only)."""
    if not permissions.can_create(actor, Exhibit, company=participation.company):
        raise PermissionDenied(_("You may only add exhibits of your own company."))
    exhibit = Exhibit(participation=participation)
    _apply(exhibit, changes)
    with transaction.atomic():
        exhibit.save()
        audit_record(actor=actor, action="exhibit.create", obj=exhibit, after=_snapshot(exhibit))
        _reindex([exhibit.pk], participation.pk)
    return exhibit


def exhibit_update(*, actor: Any, exhibit: Exhibit, changes: dict[str, Any]) -> Exhibit:
    """Change an exhibit's names, descriptions, category, origin or launch type."""
    permissions.require(actor, "change", exhibit)
    with transaction.atomic():
        locked = (
            Exhibit.objects.select_for_update().select_related("participation").get(pk=exhibit.pk)
        )
        before = _snapshot(locked)
        _apply(locked, changes)
        locked.save()
        if not locked.launch_type:
            LaunchEvent.objects.filter(exhibit=locked).delete()
        audit_record(
            actor=actor, action="exhibit.update", obj=locked, before=before, after=_snapshot(locked)
        )
        _reindex([locked.pk], locked.participation_id)
    return locked


def exhibit_delete(*, actor: Any, exhibit: Exhibit) -> None:
    """Remove an exhibit with its pictures and launch event."""
    permissions.require(actor, "delete", exhibit)
    pk, participation_id = exhibit.pk, exhibit.participation_id
    files = [(i.image.name, i.thumbnail.name) for i in exhibit.images.all()]
    with transaction.atomic():
        audit_record(actor=actor, action="exhibit.delete", obj=exhibit, before=_snapshot(exhibit))
        exhibit.delete()
        _reindex([pk], participation_id)
    storage = ExhibitImage._meta.get_field("image").storage
    transaction.on_commit(lambda: [storage.delete(n) for pair in files for n in pair if n])


def exhibit_image_add(*, actor: Any, exhibit: Exhibit, upload: Any) -> ExhibitImage:
    """Validate a picture, make its thumbnail and attach both to the exhibit."""
    permissions.require(actor, "change", exhibit)
    if exhibit.images.count() >= MAX_IMAGES:
        raise CatalogueError(
            _("An exhibit may have at most 8 images."), "image_count", field="image"
        )
    checked = check_image(upload)
    with transaction.atomic():
        image = ExhibitImage(exhibit=exhibit, position=exhibit.images.count())
        image.image.save(f"{exhibit.pk}.{checked.extension}", checked.content, save=False)
        image.thumbnail.save(f"{exhibit.pk}-thumb.jpg", checked.thumbnail, save=False)
        image.save()
        audit_record(
            actor=actor, action="exhibit.image_add", obj=exhibit, after={"image": image.image.name}
        )
    return image


def exhibit_image_delete(*, actor: Any, image: ExhibitImage) -> None:
    permissions.require(actor, "change", image.exhibit)
    names = [image.image.name, image.thumbnail.name]
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="exhibit.image_delete",
            obj=image.exhibit,
            before={"image": names[0]},
        )
        image.delete()
    storage = ExhibitImage._meta.get_field("image").storage
    transaction.on_commit(lambda: [storage.delete(n) for n in names if n])


def launch_event_set(
    *,
    actor: Any,
    exhibit: Exhibit,
    day: dt.date | None,
    start_time: dt.time | None,
    duration_minutes: int = 30,
    venue: str = LaunchEvent.Venue.BOOTH,
    stage_en: str = "",
    stage_zh: str = "",
) -> LaunchEvent:
    """Set when and where a launched exhibit is presented (the day must be an expo day)."""
    permissions.require(actor, "change", exhibit)
    if not exhibit.launch_type:
        raise CatalogueError(
            _("Choose a launch type before scheduling a launch."), "no_launch", field="launch_type"
        )
    edition = exhibit.participation.edition
    if day is not None and not (edition.start_date <= day <= edition.end_date):
        raise CatalogueError(
            _("The launch day must be a day of the expo."), "launch_day", field="day"
        )
    if start_time is not None and day is None:
        raise CatalogueError(_("Give the day of the launch too."), "launch_day", field="day")
    if venue not in LaunchEvent.Venue.values:
        raise CatalogueError(_("Unknown venue."), "invalid", field="venue")
    if venue == LaunchEvent.Venue.STAGE and not (stage_en.strip() or stage_zh.strip()):
        raise CatalogueError(_("Name the stage of the launch."), "stage_missing", field="stage_en")
    if not 5 <= int(duration_minutes) <= 480:
        raise CatalogueError(
            _("A launch lasts 5 to 480 minutes."), "invalid", field="duration_minutes"
        )
    with transaction.atomic():
        event, _created = LaunchEvent.objects.update_or_create(
            exhibit=exhibit,
            defaults={
                "day": day,
                "start_time": start_time,
                "duration_minutes": int(duration_minutes),
                "venue": venue,
                "stage_en": stage_en.strip(),
                "stage_zh": stage_zh.strip(),
            },
        )
        audit_record(
            actor=actor,
            action="launch.set",
            obj=exhibit,
            after={"day": day, "start_time": start_time, "venue": venue},
        )
    return event
