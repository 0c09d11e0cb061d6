"""Schemas shared by several app APIs."""

from ninja import Schema


class ErrorOut(Schema):
    code: str
    detail: str
    field: str | None = None
