"""Read a delegation's member list from CSV or XLSX into (line, Applicant) rows."""

from __future__ import annotations

import csv
import io

from openexpo.core.errors import DomainError
from openexpo.visitors.services import Applicant

COLUMNS = [
    "full_name",
    "organisation",
    "role",
    "country",
    "doc_type",
    "doc_number",
    "doc_country",
    "email",
    "languages",
    "interests",
    "consent",
]
REQUIRED = {"full_name", "country", "doc_type", "doc_number", "consent"}
MAX_ROWS = 20_000


def _truthy(value: str) -> bool:
    return str(value).strip().lower() in {"1", "y", "yes", "true", "x", "是"}


def _table(data: bytes, filename: str) -> list[list[str]]:
    if filename.lower().endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:
            raise DomainError("The file is not a readable XLSX workbook.", "unreadable_file")
        ws = wb.worksheets[0]
        return [
            ["" if v is None else str(v) for v in row] for row in ws.iter_rows(values_only=True)
        ]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise DomainError("A CSV file must be UTF-8.", "unreadable_file")
    return list(csv.reader(io.StringIO(text)))


def read_members(data: bytes, filename: str) -> list[tuple[int, Applicant]]:
    """Rows as (line number in the file, Applicant); the first line holds column names."""
    table = _table(data, filename)
    if not table:
        raise DomainError("The file is empty.", "empty_file")
    header = [h.strip().lower() for h in table[0]]
    missing = REQUIRED - set(header)
    if missing:
        raise DomainError(f"Missing columns: {', '.join(sorted(missing))}.", "missing_columns")
    if len(table) - 1 > MAX_ROWS:
        raise DomainError(f"At most {MAX_ROWS} members per file.", "too_many_rows")
    out = []
    for i, raw in enumerate(table[1:], start=2):
        if not any(str(c).strip() for c in raw):
            continue
        rec = dict(zip(header, [str(c) for c in raw], strict=False))
        out.append(
            (
                i,
                Applicant(
                    full_name=rec.get("full_name", ""),
                    organisation=rec.get("organisation", ""),
                    role=rec.get("role", ""),
                    country=rec.get("country", ""),
                    doc_type=rec.get("doc_type", "").strip(),
                    doc_number=rec.get("doc_number", ""),
                    doc_country=rec.get("doc_country", ""),
                    email=rec.get("email", ""),
                    languages=rec.get("languages", ""),
                    interests=[c for c in rec.get("interests", "").replace(";", " ").split() if c],
                    consent=_truthy(rec.get("consent", "")) if "consent" in rec else False,
                ),
            )
        )
    return out
