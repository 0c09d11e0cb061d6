"""Core data: editions, exhibition areas, countries, the HS product tree, users and the audit log."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Bilingual:
    """Mixin: pick the viewer's language with a fallback to the other one."""

    def localized(self, field: str) -> str:
        zh = (get_language() or "en").startswith("zh")
        first, second = ("zh", "en") if zh else ("en", "zh")
        return getattr(self, f"{field}_{first}", "") or getattr(self, f"{field}_{second}", "")

    @property
    def name(self) -> str:
        return self.localized("name")


class User(AbstractUser):
    """A person who logs in. `kind` is the primary role; company and delegation links live
    in their apps (exhibitors.ExhibitorStaff, visitors.Delegation.lead)."""

    class Kind(models.TextChoices):
        ORGANISER = "organiser", _("Organiser staff")
        EXHIBITOR = "exhibitor", _("Exhibitor staff")
        BUYER = "buyer", _("Professional visitor / buyer")
        GATE = "gate", _("Gate staff")
        PRESS = "press", _("Press")
        PUBLIC = "public", _("Public")

    kind = models.CharField(_("role"), max_length=16, choices=Kind.choices, default=Kind.PUBLIC)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, blank=True
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")

    @property
    def is_organiser(self) -> bool:
        return self.is_active and (self.is_superuser or self.kind == self.Kind.ORGANISER)


class Country(Bilingual, models.Model):
    """An ISO 3166 country or region, or an international organisation that exhibits."""

    class Kind(models.TextChoices):
        COUNTRY = "country", _("Country")
        REGION = "region", _("Region")
        ORGANISATION = "organisation", _("International organisation")

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    alpha3 = models.CharField(max_length=8, blank=True)
    numeric = models.CharField(max_length=3, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices, default=Kind.COUNTRY)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    un_region = models.CharField(_("UN region"), max_length=40, blank=True)
    un_subregion = models.CharField(_("UN sub-region"), max_length=60, blank=True)
    is_ldc = models.BooleanField(_("least developed country"), default=False)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country or region")
        verbose_name_plural = _("countries and regions")

    def __str__(self) -> str:
        return f"{self.name_en} ({self.code})"


class Edition(Bilingual, models.Model):
    """One edition of the expo (the 6th CIIE, ...)."""

    number = models.PositiveIntegerField(_("number"), unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue_en = models.CharField(_("venue (English)"), max_length=200, blank=True)
    venue_zh = models.CharField(_("venue (Chinese)"), max_length=200, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")
    previous = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_edition",
        verbose_name=_("previous edition"),
    )
    ldc_free_booth_quota = models.PositiveIntegerField(
        _("free standard booths for least-developed countries"), default=0
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("edition")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")), name="edition_dates_ordered"
            )
        ]

    def __str__(self) -> str:
        return self.name_en

    @property
    def days(self) -> list:
        from datetime import timedelta

        n = (self.end_date - self.start_date).days + 1
        return [self.start_date + timedelta(days=i) for i in range(n)]


class ExhibitionArea(Bilingual, models.Model):
    """An area of one edition: a business-exhibition zone, the innovation incubation zone,
    or the country exhibition (national pavilions)."""

    class Kind(models.TextChoices):
        BUSINESS = "business", _("Business exhibition zone")
        INNOVATION = "innovation", _("Innovation incubation zone")
        COUNTRY = "country", _("Country exhibition")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="areas")
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    name_en = models.CharField(_("name (English)"), max_length=120)
    name_zh = models.CharField(_("name (Chinese)"), max_length=120, blank=True)
    sort_order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["edition", "sort_order", "code"]
        verbose_name = _("exhibition area")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="area_code_unique_per_edition")
        ]

    def __str__(self) -> str:
        return f"{self.name_en} ({self.edition.number})" if self.edition_id else self.name_en


class ProductCategory(Bilingual, models.Model):
    """A node of the Harmonized System: section > chapter > heading > subheading."""

    class Level(models.IntegerChoices):
        SECTION = 1, _("Section")
        CHAPTER = 2, _("Chapter")
        HEADING = 4, _("Heading")
        SUBHEADING = 6, _("Subheading")

    code = models.CharField(_("HS code"), max_length=8, unique=True)
    level = models.PositiveSmallIntegerField(_("level"), choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    section = models.CharField(_("section"), max_length=5, db_index=True)
    chapter = models.CharField(_("chapter"), max_length=2, blank=True, db_index=True)
    name_en = models.CharField(_("name (English)"), max_length=500)
    name_zh = models.CharField(_("name (Chinese)"), max_length=300, blank=True)

    class Meta:
        ordering = ["level", "code"]
        verbose_name = _("product category (HS)")
        verbose_name_plural = _("product categories (HS)")

    def __str__(self) -> str:
        return f"{self.code} {self.name_en[:60]}"

    @property
    def heading(self) -> str:
        return self.code[:4] if self.level >= 4 else ""


class AuditEntry(models.Model):
    """Who did what to which object, when and why, with before/after values."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    action = models.CharField(max_length=60)
    object_type = models.CharField(max_length=60, db_index=True)
    object_id = models.CharField(max_length=40, db_index=True)
    reason = models.TextField(blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    succeeded = models.BooleanField(default=True)

    class Meta:
        ordering = ["-at"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit trail")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"


class ApiToken(models.Model):
    """A bearer token for the REST API; only its SHA-256 is stored.

    A token is bound to one role, and for an exhibitor or delegation role to one company or
    delegation: a request with it acts only within that scope, whatever else its user may do
    (see permissions.token_cap)."""

    class Role(models.TextChoices):
        ORGANISER = "organiser", _("Organiser")
        EXHIBITOR = "exhibitor", _("Exhibitor of one company")
        DELEGATION = "delegation", _("Lead of one delegation")
        GATE = "gate", _("Gate staff")
        VISITOR = "visitor", _("Visitor (own records only)")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=80, default="default")
    key_hash = models.CharField(max_length=64, unique=True)
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VISITOR)
    company = models.ForeignKey(
        "exhibitors.Company", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    delegation = models.ForeignKey(
        "visitors.Delegation", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    last_used = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        constraints = [
            models.CheckConstraint(
                name="api_token_company_iff_exhibitor",
                condition=Q(role="exhibitor", company__isnull=False)
                | (~Q(role="exhibitor") & Q(company__isnull=True)),
            ),
            models.CheckConstraint(
                name="api_token_delegation_iff_lead",
                condition=Q(role="delegation", delegation__isnull=False)
                | (~Q(role="delegation") & Q(delegation__isnull=True)),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} / {self.name} ({self.role})"


class BackgroundJob(models.Model):
    """A long-running job (solver, import, export, badge run) with progress for the UI."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(max_length=60)
    edition = models.ForeignKey(Edition, null=True, blank=True, on_delete=models.CASCADE)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created = models.DateTimeField(auto_now_add=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.FloatField(default=0.0)
    message = models.TextField(blank=True)
    params = models.JSONField(default=dict, blank=True)
    result = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]
        verbose_name = _("background job")

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} {self.status}"
