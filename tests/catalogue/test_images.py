"""Picture uploads: only real, reasonably sized images pass; thumbnails are generated."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from openexpo.catalogue.errors import CatalogueError
from openexpo.catalogue.images import check_image


def _png(width: int, height: int, color=(200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (width, height), color).save(out, "PNG")
    return out.getvalue()


def _bomb_png(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge canvas (the decompression-bomb shape)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    row = b"\x00" + b"\x00" * ((width + 7) // 8)
    idat = zlib.compress(row * 64, 9)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def _upload(data: bytes, name: str = "x.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="image/png")


def test_valid_png_gets_a_jpeg_thumbnail():
    checked = check_image(_upload(_png(1200, 600)))
    assert (checked.width, checked.height, checked.extension) == (1200, 600, "png")
    thumb = Image.open(io.BytesIO(checked.thumbnail.read()))
    assert thumb.format == "JPEG"
    assert thumb.size == (320, 160)


def test_rgba_and_palette_images_are_thumbnailed():
    out = io.BytesIO()
    Image.new("RGBA", (300, 300), (0, 0, 0, 0)).save(out, "WEBP")
    assert check_image(_upload(out.getvalue(), "x.webp")).extension == "webp"
    out = io.BytesIO()
    Image.new("P", (100, 100)).save(out, "PNG")
    assert check_image(_upload(out.getvalue())).width == 100


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"%PDF-1.4 not an image at all", "image_invalid"),
        (b"", "image_empty"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "image_invalid"),
        (_png(50, 50), "image_dimensions"),
        (_png(6001, 64), "image_dimensions"),
        (_bomb_png(60_000, 60_000), "image_bomb"),
    ],
)
def test_bad_uploads_are_rejected_with_a_code(data, code):
    with pytest.raises(CatalogueError) as err:
        check_image(_upload(data))
    assert err.value.code == code
    assert err.value.field == "image"


def test_gif_is_not_accepted():
    out = io.BytesIO()
    Image.new("RGB", (100, 100)).save(out, "GIF")
    with pytest.raises(CatalogueError) as err:
        check_image(_upload(out.getvalue(), "x.gif"))
    assert err.value.code == "image_type"


def test_too_many_bytes_is_rejected_before_decoding():
    with pytest.raises(CatalogueError) as err:
        check_image(_upload(b"\xff" * (5 * 1024 * 1024 + 1), "big.jpg"))
    assert err.value.code == "image_too_big"


def test_bomb_within_side_limit_but_over_pixel_budget():
    with pytest.raises(CatalogueError) as err:
        check_image(_upload(_bomb_png(5999, 5999)))
    assert err.value.code == "image_dimensions"


def test_truncated_image_is_invalid():
    data = _png(400, 400, (1, 2, 3))
    out = io.BytesIO()
    Image.effect_noise((400, 400), 50).convert("RGB").save(out, "JPEG")
    jpeg = out.getvalue()
    with pytest.raises(CatalogueError) as err:
        check_image(_upload(jpeg[: len(jpeg) // 2], "x.jpg"))
    assert err.value.code == "image_invalid"
    assert check_image(_upload(data)).width == 400
