"""Read a delegation's member list from CSV or XLSX into (line, Applicant) rows."""

from __future__ import annotations

from openexpo.core.imports import read_table
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
REQUIRED = ["full_name", "country", "doc_type", "doc_number", "consent"]
YES = {"1", "y", "yes", "true", "x", "是"}


def read_members(data: bytes, filename: str) -> list[tuple[int, Applicant]]:
    """Rows as (line number in the file, Applicant); the first line holds column names.

    A malformed file raises ImportFileError (a DomainError about the field "file")."""
    table = read_table(data, filename, required=REQUIRED, columns=COLUMNS)
    return [
        (
            line,
            Applicant(
                full_name=rec["full_name"],
                organisation=rec.get("organisation", ""),
                role=rec.get("role", ""),
                country=rec["country"],
                doc_type=rec["doc_type"],
                doc_number=rec["doc_number"],
                doc_country=rec.get("doc_country", ""),
                email=rec.get("email", ""),
                languages=rec.get("languages", ""),
                interests=rec.get("interests", "").replace(";", " ").split(),
                consent=rec["consent"].lower() in YES,
            ),
        )
        for line, rec in table.rows
    ]
