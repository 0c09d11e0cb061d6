"""Trading delegations and registered professional visitors (buyers)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from openexpo.core.models import Bilingual, Country, Edition


class Delegation(Bilingual, models.Model):
    """A trading delegation (e.g. a provincial delegation) with sub-delegations and a lead."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="delegations")
    code = models.SlugField(max_length=40)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_zh = models.CharField(_("name (Chinese)"), max_length=200, blank=True)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent delegation"),
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="led_delegations",
        verbose_name=_("delegation lead"),
    )
    province = models.CharField(_("province"), max_length=60, blank=True)

    class Meta:
        ordering = ["edition", "code"]
        verbose_name = _("trading delegation")
        constraints = [
            models.UniqueConstraint(fields=["edition", "code"], name="delegation_code_unique")
        ]

    def __str__(self) -> str:
        return self.name_en


class Visitor(models.Model):
    """A registered professional visitor (buyer) at one edition."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="visitors")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="visitor_registrations",
    )
    full_name = models.CharField(_("full name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    role = models.CharField(_("role"), max_length=120, blank=True)
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="+")
    delegation = models.ForeignKey(
        Delegation, null=True, blank=True, on_delete=models.SET_NULL, related_name="members"
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.APPROVED)
    registered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("professional visitor")
        indexes = [
            models.Index(fields=["edition", "delegation"]),
            models.Index(fields=["edition", "status"]),
        ]

    def __str__(self) -> str:
        return self.full_name


# --- real-name identity, badges, gates and scans (issue 4) ------------------------------


class VisitorIdentity(models.Model):
    """A visitor's identity document and registration extras, kept apart from Visitor so the
    demo's 410,000 bulk rows stay lean. The number is stored only as HMAC + last 4."""

    class DocType(models.TextChoices):
        PRC_ID = "prc_id", _("PRC resident identity card")
        PASSPORT = "passport", _("Passport")
        HKMO_PERMIT = "hkmo_permit", _("Hong Kong/Macao residents' permit")
        TW_PERMIT = "tw_permit", _("Taiwan residents' permit")

    visitor = models.OneToOneField(Visitor, on_delete=models.CASCADE, related_name="identity")
    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    doc_type = models.CharField(_("document type"), max_length=12, choices=DocType.choices)
    doc_country = models.CharField(_("issuing country"), max_length=2, blank=True)
    id_hash = models.CharField(max_length=64)
    id_last4 = models.CharField(_("number (last 4)"), max_length=4)
    email = models.EmailField(_("email"), blank=True)
    languages = models.CharField(_("languages"), max_length=60, blank=True)
    interests = models.ManyToManyField(
        "core.ProductCategory",
        blank=True,
        related_name="+",
        verbose_name=_("procurement interests"),
    )
    consent_at = models.DateTimeField(_("consent to data processing given at"))

    class Meta:
        verbose_name = _("visitor identity")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "id_hash"], name="visitor_id_once_per_edition"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_doc_type_display()} ···{self.id_last4}"


class EditionKey(models.Model):
    """An edition's Ed25519 badge-signing key pair; the private half is encrypted at rest."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="badge_keys")
    key_id = models.PositiveIntegerField()
    public_key = models.BinaryField()
    private_key_encrypted = models.BinaryField(editable=False)
    active = models.BooleanField(default=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("badge signing key")
        constraints = [
            models.UniqueConstraint(
                fields=["edition"], condition=models.Q(active=True), name="one_active_badge_key"
            )
        ]

    def __str__(self) -> str:
        return f"key {self.key_id:04x} ({self.edition_id})"


class Badge(models.Model):
    """A credential. `number` is the id inside the QR; `revision` bumps on reissue."""

    class Category(models.TextChoices):
        VISITOR = "visitor", _("Visitor")
        EXHIBITOR = "exhibitor", _("Exhibitor")
        PRESS = "press", _("Press")
        STAFF = "staff", _("Staff")
        ORGANISER = "organiser", _("Organiser")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        REVOKED = "revoked", _("Revoked")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="badges")
    number = models.PositiveIntegerField()
    visitor = models.ForeignKey(
        Visitor, null=True, blank=True, on_delete=models.SET_NULL, related_name="badges"
    )
    holder = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="badges",
    )
    category = models.CharField(max_length=10, choices=Category.choices, default=Category.VISITOR)
    revision = models.PositiveSmallIntegerField(default=0)
    first_day = models.DateField()
    day_mask = models.PositiveIntegerField()
    payload = models.CharField(max_length=140)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.ACTIVE)
    issued_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("badge")
        constraints = [
            models.UniqueConstraint(fields=["edition", "number"], name="badge_number_unique"),
            models.UniqueConstraint(
                fields=["visitor"],
                condition=models.Q(status="active", visitor__isnull=False),
                name="one_active_badge_per_visitor",
            ),
        ]
        indexes = [models.Index(fields=["edition", "status"])]

    def __str__(self) -> str:
        return f"{self.category} #{self.number} r{self.revision}"


class Gate(models.Model):
    """An entrance or exit lane; `zone` is a hall code, or blank for the venue perimeter."""

    class Directions(models.TextChoices):
        IN = "in", _("Entry only")
        OUT = "out", _("Exit only")
        BOTH = "inout", _("Entry and exit")

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="gates")
    code = models.SlugField(max_length=24)
    name = models.CharField(max_length=80, blank=True)
    zone = models.CharField(_("hall or zone"), max_length=16, blank=True)
    directions = models.CharField(max_length=5, choices=Directions.choices, default=Directions.BOTH)
    antipassback = models.BooleanField(_("anti-passback"), default=True)

    class Meta:
        ordering = ["edition", "code"]
        constraints = [models.UniqueConstraint(fields=["edition", "code"], name="gate_code_unique")]

    def __str__(self) -> str:
        return self.name or self.code


class Presence(models.Model):
    """Who is inside now: one row per badge number that has ever entered (anti-passback).

    Presence and Scan are written on every scan, so their references to the edition and
    the gate are not database foreign keys: each FK check took a shared row lock on the
    one edition row and a handful of gate rows, which serialised concurrent scans (half the
    throughput under synchronous commit, measured by bench/checkin.py). Django's deletion
    collector still cascades (edition) and protects/nulls (gate), and the columns need no
    index of their own: the composite indexes start with the edition.
    """

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="+", db_constraint=False, db_index=False
    )
    badge_number = models.PositiveIntegerField()
    inside = models.BooleanField(default=False)
    zone = models.CharField(max_length=16, blank=True)
    gate = models.ForeignKey(
        Gate,
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    at = models.DateTimeField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["edition", "badge_number"], name="presence_once")
        ]
        indexes = [models.Index(fields=["edition", "inside", "zone"])]


class Scan(models.Model):
    """Every scan, accepted or not, online or uploaded later from an offline gate (edition
    and gate are not database foreign keys: see Presence)."""

    edition = models.ForeignKey(
        Edition, on_delete=models.CASCADE, related_name="scans", db_constraint=False, db_index=False
    )
    gate = models.ForeignKey(
        Gate, on_delete=models.PROTECT, related_name="scans", db_constraint=False
    )
    badge_number = models.PositiveIntegerField(null=True, blank=True)
    category = models.CharField(max_length=10, blank=True)
    direction = models.CharField(max_length=3)
    accepted = models.BooleanField()
    code = models.CharField(max_length=20)
    scanned_at = models.DateTimeField()
    received_at = models.DateTimeField()
    offline = models.BooleanField(default=False)
    client_id = models.CharField(max_length=40, blank=True)
    excerpt = models.CharField(max_length=24, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["edition", "scanned_at"]),
            models.Index(fields=["edition", "badge_number"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["gate", "client_id"],
                condition=~models.Q(client_id=""),
                name="scan_upload_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.gate_id} {self.badge_number} {self.code}"


class ScanConflict(models.Model):
    """Offline scans that disagree with what other gates saw (e.g. two entries, no exit)."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="+")
    badge_number = models.PositiveIntegerField()
    kind = models.CharField(max_length=20)
    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="conflicts")
    other_scan = models.ForeignKey(Scan, null=True, on_delete=models.SET_NULL, related_name="+")
    detected_at = models.DateTimeField()
    resolved = models.BooleanField(default=False)

    class Meta:
        ordering = ["-detected_at"]


class EditionStats(models.Model):
    """Anonymous figures kept after an edition's personal data is purged."""

    edition = models.OneToOneField(Edition, on_delete=models.CASCADE, related_name="visitor_stats")
    figures = models.JSONField(default=dict)
    purged_at = models.DateTimeField(null=True, blank=True)
