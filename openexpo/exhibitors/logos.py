"""Logo upload checks: a real PNG, JPEG or WebP image (verified by Pillow), small enough."""

from __future__ import annotations

import uuid

from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from openexpo.core.errors import DomainError

LOGO_MAX_BYTES = 2 * 1024 * 1024
LOGO_MAX_SIDE = 4000
LOGO_FORMATS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}


def logo_check(upload: UploadedFile) -> ContentFile:
    """Return the upload as a file named for its real format, or raise DomainError("logo")."""
    if upload.size is None or upload.size > LOGO_MAX_BYTES:
        raise DomainError(
            _("The logo may be at most %(mb)d MB.") % {"mb": LOGO_MAX_BYTES // (1024 * 1024)},
            "invalid",
            field="logo",
        )
    data = upload.read()
    if len(data) > LOGO_MAX_BYTES:
        raise DomainError(
            _("The logo may be at most %(mb)d MB.") % {"mb": LOGO_MAX_BYTES // (1024 * 1024)},
            "invalid",
            field="logo",
        )
    fmt = _verified_format(data)
    name = f"{uuid.uuid4().hex}.{LOGO_FORMATS[fmt]}"
    return ContentFile(data, name=name)


def _verified_format(data: bytes) -> str:
    import io

    bad = DomainError(_("The logo must be a PNG, JPEG or WebP image."), "invalid", field="logo")
    try:
        with Image.open(io.BytesIO(data)) as probe:
            fmt = probe.format
            width, height = probe.size
            probe.verify()
        if fmt not in LOGO_FORMATS:
            raise bad
        if width > LOGO_MAX_SIDE or height > LOGO_MAX_SIDE:
            raise DomainError(
                _("The logo may be at most %(px)d pixels on each side.") % {"px": LOGO_MAX_SIDE},
                "invalid",
                field="logo",
            )
        with Image.open(io.BytesIO(data)) as full:
            full.load()  # verify() does not decode pixels; a truncated file fails here
    except DomainError:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise bad
    return fmt
