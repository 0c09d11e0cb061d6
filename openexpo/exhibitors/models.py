"""Exhibitor companies, their staff, and their participation (application) in an edition."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Bilingual, Country, Edition, ExhibitionArea


class Company(Bilingual, models.Model):
    """An exhibiting company (or organisation), across editions."""

    class Size(models.TextChoices):
        FORTUNE_500 = "fortune500", _("Fortune Global 500")
        LEADER = "leader", _("Industry leader")
        LARGE = "large", _("Other large enterprise")
        SME = "sme", _("SME")
        STARTUP = "startup", _("Start-up")

    name_en = models.CharField(_("name (English)"), max_length=200, db_index=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="companies")
    size_class = models.CharField(_("size"), max_length=16, choices=Size.choices, default=Size.SME)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_zh = models.TextField(_("description (Chinese)"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    logo = models.ImageField(_("logo"), upload_to="logos/", blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def __str__(self) -> str:
        return self.name_en


class ExhibitorStaff(models.Model):
    """Binds a user to the one company it works for."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exhibitor_staff"
    )
    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="staff")
    is_admin = models.BooleanField(_("company administrator"), default=True)

    class Meta:
        verbose_name = _("exhibitor staff")
        verbose_name_plural = _("exhibitor staff")

    def __str__(self) -> str:
        return f"{self.user} @ {self.company}"


class Participation(models.Model):
    """A company at one edition: its application, booth type and the area it asked for."""

    class BoothType(models.TextChoices):
        RAW_SPACE = "raw", _("Raw space")
        STANDARD = "standard", _("Standard booth")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        APPROVED = "approved", _("Approved")
        WAITLISTED = "waitlisted", _("Waitlisted")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="participations")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="participations")
    area = models.ForeignKey(
        ExhibitionArea, on_delete=models.PROTECT, related_name="participations",
        verbose_name=_("exhibition area"),
    )
    booth_type = models.CharField(
        _("booth type"), max_length=10, choices=BoothType.choices, default=BoothType.RAW_SPACE
    )
    area_requested_m2 = models.PositiveIntegerField(_("area requested (m²)"))
    area_granted_m2 = models.PositiveIntegerField(_("area granted (m²)"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    consecutive_editions = models.PositiveSmallIntegerField(
        _("consecutive editions attended"), default=1
    )
    pavilion = models.ForeignKey(
        Country, null=True, blank=True, on_delete=models.SET_NULL, related_name="pavilion_members",
        verbose_name=_("national pavilion"),
    )
    free_ldc_booth = models.BooleanField(_("free booth (least-developed country)"), default=False)
    plans_en = models.TextField(_("what it will show and launch (English)"), blank=True)
    plans_zh = models.TextField(_("what it will show and launch (Chinese)"), blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["edition", "company__name_en"]
        verbose_name = _("participation")
        constraints = [
            models.UniqueConstraint(fields=["company", "edition"], name="one_participation_per_edition"),
            models.CheckConstraint(condition=Q(area_requested_m2__gt=0), name="area_requested_positive"),
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return f"{self.company} @ {self.edition.number}" if self.edition_id else str(self.company)


class ParticipationTransition(models.Model):
    """One change of an application's status (or an organiser's message when the status
    stays the same): who, when, from, to and why. Shown to the company as its history."""

    participation = models.ForeignKey(
        Participation, on_delete=models.CASCADE, related_name="transitions"
    )
    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+", verbose_name=_("by"),
    )
    from_status = models.CharField(
        _("from"), max_length=12, choices=Participation.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=Participation.Status.choices)
    reason = models.TextField(_("reason or message"), blank=True)

    class Meta:
        ordering = ["participation", "at", "id"]
        verbose_name = _("application status change")
        verbose_name_plural = _("application status changes")
        indexes = [models.Index(fields=["participation", "at"])]

    def __str__(self) -> str:
        return f"{self.participation_id}: {self.from_status or '-'} -> {self.to_status}"

    @property
    def is_message(self) -> bool:
        return self.from_status == self.to_status


class AreaCapacity(models.Model):
    """How many m² an exhibition area's zone can hold, set by organisers. Used to refuse an
    application larger than its zone while the floor plan has no halls for the area."""

    area = models.OneToOneField(
        ExhibitionArea, on_delete=models.CASCADE, related_name="capacity",
        verbose_name=_("exhibition area"),
    )
    capacity_m2 = models.PositiveIntegerField(_("capacity (m²)"))

    class Meta:
        verbose_name = _("area capacity")
        verbose_name_plural = _("area capacities")

    def __str__(self) -> str:
        return f"{self.area.code}: {self.capacity_m2} m²"
