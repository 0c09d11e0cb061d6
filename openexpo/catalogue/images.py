"""Exhibit pictures: strict validation of uploads (type, bytes, pixels, decompression bombs)
and thumbnail generation with Pillow. Raises `CatalogueError` with a code a test can check."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from openexpo.catalogue.errors import CatalogueError

MAX_BYTES = 5 * 1024 * 1024
MAX_SIDE = 6000
MIN_SIDE = 64
MAX_PIXELS = 24_000_000
THUMB_SIZE = (320, 320)
FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}


@dataclass(frozen=True)
class CheckedImage:
    """An upload that passed every check, with its thumbnail already made."""

    content: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    extension: str


def _read(upload, limit: int) -> bytes:
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise CatalogueError(_("The image is larger than 5 MB."), "image_too_big", field="image")
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise CatalogueError(_("The image is larger than 5 MB."), "image_too_big", field="image")
    if not data:
        raise CatalogueError(_("The file is empty."), "image_empty", field="image")
    return data


def check_image(upload) -> CheckedImage:
    """Validate an uploaded file and make its thumbnail, or raise `CatalogueError`.

    The header is read first: the format must be JPEG, PNG or WebP and the declared size at
    most MAX_SIDE per side and MAX_PIXELS in all before any pixel is decoded, so a small file
    that would expand to gigabytes (a decompression bomb) is refused without decoding it.
    """
    data = _read(upload, MAX_BYTES)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                fmt = probe.format
                width, height = probe.size
                if fmt not in FORMATS:
                    raise CatalogueError(
                        _("Only JPEG, PNG and WebP images are accepted."),
                        "image_type",
                        field="image",
                    )
                if width * height > MAX_PIXELS or max(width, height) > MAX_SIDE:
                    raise CatalogueError(
                        _("The image is too large: at most 6000 pixels a side and 24 megapixels."),
                        "image_dimensions",
                        field="image",
                    )
                if min(width, height) < MIN_SIDE:
                    raise CatalogueError(
                        _("The image is too small: at least 64 pixels a side."),
                        "image_dimensions",
                        field="image",
                    )
                probe.verify()
            with Image.open(io.BytesIO(data)) as img:
                img.load()
                thumb = img.convert("RGB") if img.mode not in ("RGB", "L") else img.copy()
        except CatalogueError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise CatalogueError(
                _("The image expands to too many pixels."), "image_bomb", field="image"
            )
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise CatalogueError(
                _("The file is not a valid image."), "image_invalid", field="image"
            )
    thumb.thumbnail(THUMB_SIZE)
    out = io.BytesIO()
    thumb.save(out, "JPEG", quality=82, optimize=True)
    ext = FORMATS[fmt]
    return CheckedImage(
        content=ContentFile(data, name=f"image.{ext}"),
        thumbnail=ContentFile(out.getvalue(), name="thumb.jpg"),
        width=width,
        height=height,
        extension=ext,
    )
