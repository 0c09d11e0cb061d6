"""Valid files for the upload endpoints of the permission matrix: a refusal must come from the
permission check, not from a file the endpoint would reject anyway."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def png() -> SimpleUploadedFile:
    """A real 64 x 64 PNG (the smallest picture an exhibit takes)."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (200, 30, 30)).save(out, format="PNG")
    return SimpleUploadedFile("matrix.png", out.getvalue(), content_type="image/png")


def applications_csv(ids: dict[str, Any]) -> SimpleUploadedFile:
    """One new exhibitor's application, valid for the world's edition."""
    text = (
        "name_en,country,email,area,booth_type,area_m2\n"
        f"Matrix Upload Co,{ids['country']},upload@example.org,{ids['area']},raw,36\n"
    )
    return SimpleUploadedFile("applications.csv", text.encode(), content_type="text/csv")


def members_csv(ids: dict[str, Any]) -> SimpleUploadedFile:
    """One delegation member with a valid German passport number."""
    text = (
        "full_name,country,doc_type,doc_number,doc_country,consent\n"
        "Hans Meyer,DE,passport,C01X00T47,DE,yes\n"
    )
    return SimpleUploadedFile("members.csv", text.encode(), content_type="text/csv")


def programme_json(ids: dict[str, Any]) -> SimpleUploadedFile:
    """A forum programme adding one room."""
    doc = {"rooms": [{"code": "matrix-room", "name_en": "Matrix room", "capacity": 12}]}
    return SimpleUploadedFile("programme.json", json.dumps(doc).encode())


# API operation -> (multipart form field, file builder, query that makes it write).
API_UPLOADS: dict[str, tuple[str, Callable[[dict[str, Any]], Any], dict[str, str]]] = {
    "POST /api/exhibits/{exhibit_id}/images": ("image", lambda ids: png(), {}),
    "POST /api/applications/import": ("file", applications_csv, {"dry_run": "false"}),
    "POST /api/delegations/{delegation_id}/members/import": (
        "file",
        members_csv,
        {"dry_run": "false"},
    ),
}

# Page -> the form a POST sends (files built per request), meant to write if allowed.
PAGE_UPLOADS: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
    "catalogue:image_add": lambda ids: {"image": png()},
    "exhibitors:import": lambda ids: {"edition": ids["number"], "file": applications_csv(ids)},
    "visitors:delegation_import": lambda ids: {"file": members_csv(ids), "commit": "on"},
    "forums:import": lambda ids: {"file": programme_json(ids), "apply": "1"},
}
