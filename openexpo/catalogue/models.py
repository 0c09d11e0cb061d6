"""Exhibits: what exhibitors show, in two languages, with their HS category and launch type."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Bilingual, Country, ProductCategory
from openexpo.exhibitors.models import Participation


class Exhibit(Bilingual, models.Model):
    """A product or service shown by a participation (company at an edition)."""

    class Launch(models.TextChoices):
        NONE = "", _("No launch")
        GLOBAL = "global", _("Global premiere")
        ASIA = "asia", _("Asia debut")
        CHINA = "china", _("China debut")

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="exhibits"
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    category = models.ForeignKey(
        ProductCategory,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="exhibits",
        verbose_name=_("product category"),
    )
    origin = models.ForeignKey(
        Country,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("origin country"),
    )
    launch_type = models.CharField(
        _("launch"),
        max_length=8,
        choices=Launch.choices,
        default=Launch.NONE,
        blank=True,
        db_index=True,
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("exhibit")

    def __str__(self) -> str:
        return self.name_en


class LaunchEvent(models.Model):
    """When and where an exhibit is launched: a day, a start time (in the edition's time
    zone, may be unknown yet) and a stage or the exhibitor's own booth."""

    class Venue(models.TextChoices):
        BOOTH = "booth", _("At the booth")
        STAGE = "stage", _("On a stage")

    exhibit = models.OneToOneField(Exhibit, on_delete=models.CASCADE, related_name="launch_event")
    day = models.DateField(_("day"), null=True, blank=True, db_index=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=30)
    venue = models.CharField(_("venue"), max_length=8, choices=Venue.choices, default=Venue.BOOTH)
    stage_en = models.CharField(_("stage (English)"), max_length=120, blank=True)
    stage_zh = models.CharField(_("stage (Chinese)"), max_length=120, blank=True)

    class Meta:
        ordering = ["day", "start_time", "id"]
        verbose_name = _("launch event")
        constraints = [
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0), name="launch_duration_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.exhibit} {self.day or '?'} {self.start_time or ''}".strip()

    def localized(self, field: str) -> str:
        return Bilingual.localized(self, field)


def _image_path(instance: ExhibitImage, filename: str) -> str:
    return f"exhibits/{instance.exhibit_id}/{filename}"


class ExhibitImage(models.Model):
    """A validated picture of an exhibit with its generated thumbnail."""

    exhibit = models.ForeignKey(Exhibit, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        _("image"), upload_to=_image_path, width_field="width", height_field="height"
    )
    thumbnail = models.ImageField(_("thumbnail"), upload_to=_image_path, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    position = models.PositiveSmallIntegerField(default=0)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["exhibit", "position", "id"]
        verbose_name = _("exhibit image")

    def __str__(self) -> str:
        return self.image.name


class SearchDoc(models.Model):
    """One searchable row (an exhibit, or a company at an edition) with its facet values.

    Written only by `openexpo.catalogue.search`; the engine side (an FTS5 table on SQLite,
    a tsvector column on PostgreSQL) is created by migration 0004 and kept in step with it.
    """

    class Kind(models.TextChoices):
        EXHIBIT = "exhibit", _("Exhibit")
        COMPANY = "company", _("Exhibitor")

    kind = models.CharField(max_length=8, choices=Kind.choices)
    obj_id = models.BigIntegerField()
    edition_id = models.BigIntegerField(null=True)
    company_id = models.BigIntegerField(null=True)
    country = models.CharField(max_length=8, blank=True)
    region = models.CharField(max_length=40, blank=True)
    is_ldc = models.BooleanField(default=False)
    area_id = models.BigIntegerField(null=True)
    size_class = models.CharField(max_length=16, blank=True)
    section = models.CharField(max_length=5, blank=True)
    chapter = models.CharField(max_length=2, blank=True)
    heading = models.CharField(max_length=4, blank=True)
    launch_type = models.CharField(max_length=8, blank=True)
    sort_name = models.CharField(max_length=200, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "obj_id"], name="searchdoc_unique")]
        indexes = [
            models.Index(fields=["kind", "edition_id", "sort_name"], name="searchdoc_browse"),
            models.Index(fields=["kind", "edition_id", "chapter"], name="searchdoc_chapter"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}#{self.obj_id}"


class SearchTerm(models.Model):
    """The Latin words of names: the vocabulary that corrects typos in queries."""

    term = models.CharField(max_length=60, primary_key=True)
    df = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return self.term


class SearchState(models.Model):
    """One row whose token changes with every index write, so each process knows when its
    in-memory facet table (see `search_store`) must be reloaded."""

    token = models.CharField(max_length=32, default="initial")

    def __str__(self) -> str:
        return self.token
