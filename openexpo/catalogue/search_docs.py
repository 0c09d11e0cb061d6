"""What goes into the search index: one document per exhibit and per company at an edition.

Reads the catalogue with a few flat `values()` queries (no per-row queries), so the whole
catalogue is turned into documents in seconds. Only approved participations are public.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from openexpo.catalogue import textindex
from openexpo.catalogue.models import Exhibit
from openexpo.core.models import Country, ProductCategory
from openexpo.exhibitors.models import Participation

PUBLIC_STATUS = Participation.Status.APPROVED
MAX_BODY_CHARS = 4000


@dataclass
class Doc:
    """A document ready for an engine: facet values, tokenised names and body."""

    obj_id: int
    facets: dict
    names: str
    body: str
    words: set[str]


def _countries() -> dict[str, tuple[str, str, str, bool]]:
    return {
        c["code"]: (c["name_en"], c["name_zh"], c["un_region"], c["is_ldc"])
        for c in Country.objects.values("code", "name_en", "name_zh", "un_region", "is_ldc")
    }


def _categories(ids: set[int] | None = None) -> dict[int, dict]:
    """HS headings and subheadings (all of them, or only these: a write indexes a few
    exhibits and should not read the whole HS tree)."""
    qs = ProductCategory.objects.filter(level__gte=4)
    if ids is not None:
        qs = qs.filter(id__in=sorted(ids))
    return {
        c["id"]: c
        for c in qs.values("id", "code", "level", "section", "chapter", "name_en", "name_zh")
    }


def _tok(*texts: str) -> str:
    return " ".join(textindex.tokens(" ".join(t for t in texts if t)))


_PARTICIPATION_FIELDS = (
    "id",
    "edition_id",
    "company_id",
    "area_id",
    "company__name_en",
    "company__name_zh",
    "company__country_id",
    "company__size_class",
    "company__description_en",
    "company__description_zh",
)


def _participations(ids: list[int] | None, editions: list[int] | None = None) -> dict[int, dict]:
    qs = Participation.objects.filter(status=PUBLIC_STATUS)
    if ids is not None:
        qs = qs.filter(id__in=ids)
    if editions is not None:
        qs = qs.filter(edition_id__in=editions)
    return {p["id"]: p for p in qs.values(*_PARTICIPATION_FIELDS)}


def _base_facets(p: dict, countries: dict) -> dict:
    code = p["company__country_id"] or ""
    _en, _zh, region, ldc = countries.get(code, ("", "", "", False))
    return {
        "obj_id": None,
        "edition_id": p["edition_id"],
        "company_id": p["company_id"],
        "country": code,
        "region": region,
        "is_ldc": ldc,
        "area_id": p["area_id"],
        "size_class": p["company__size_class"] or "",
    }


def exhibit_docs(ids: list[int] | None = None, editions: list[int] | None = None) -> list[Doc]:
    """Documents of public exhibits (all of them, these ids, or those of these editions)."""
    qs = Exhibit.objects.all()
    if ids is not None:
        qs = qs.filter(id__in=ids)
    if editions is not None:
        qs = qs.filter(participation__edition_id__in=editions)
    rows = list(
        qs.values(
            "id",
            "participation_id",
            "name_en",
            "name_zh",
            "description_en",
            "description_zh",
            "category_id",
            "origin_id",
            "launch_type",
        )
    )
    parts = _participations(
        sorted({r["participation_id"] for r in rows}) if ids is not None else None
    )
    countries = _countries()
    categories = _categories(
        {r["category_id"] for r in rows if r["category_id"]} if ids is not None else None
    )
    docs = []
    company_tokens: dict[int, str] = {}
    category_tokens: dict[int, str] = {}
    origin_tokens: dict[str, str] = {}
    for r in rows:
        p = parts.get(r["participation_id"])
        if p is None:
            continue
        facets = _base_facets(p, countries)
        cat = categories.get(r["category_id"]) if r["category_id"] else None
        facets.update(
            obj_id=r["id"],
            section=cat["section"] if cat else "",
            chapter=cat["chapter"] if cat else "",
            heading=cat["code"][:4] if cat else "",
            launch_type=r["launch_type"] or "",
            sort_name=(r["name_en"] or r["name_zh"])[:200].lower(),
        )
        origin_key = r["origin_id"] or ""
        if origin_key not in origin_tokens:
            origin = countries.get(origin_key, ("", "", "", False))
            origin_tokens[origin_key] = _tok(origin[0], origin[1])
        if p["id"] not in company_tokens:
            company_tokens[p["id"]] = _tok(p["company__name_en"], p["company__name_zh"])
        cat_key = r["category_id"] or 0
        if cat_key not in category_tokens:
            category_tokens[cat_key] = _tok(cat["name_en"][:200], cat["name_zh"]) if cat else ""
        body = " ".join(
            [
                _tok(
                    (r["description_en"] or "")[:MAX_BODY_CHARS],
                    (r["description_zh"] or "")[:MAX_BODY_CHARS],
                ),
                company_tokens[p["id"]],
                origin_tokens[origin_key],
                category_tokens[cat_key],
            ]
        )
        docs.append(
            Doc(
                obj_id=r["id"],
                facets=facets,
                names=_tok(r["name_en"], r["name_zh"]),
                body=body,
                words=textindex.latin_words(r["name_en"]),
            )
        )
    return docs


def company_docs(ids: list[int] | None = None, editions: list[int] | None = None) -> list[Doc]:
    """Documents of public companies at an edition (participation ids)."""
    parts = _participations(ids, editions)
    countries = _countries()
    exhibit_names: dict[int, list[str]] = defaultdict(list)
    ex = Exhibit.objects.filter(participation_id__in=list(parts))
    for pid, en, zh in ex.values_list("participation_id", "name_en", "name_zh").iterator(
        chunk_size=5000
    ):
        exhibit_names[pid].append(f"{en} {zh}")
    docs = []
    for pid, p in parts.items():
        facets = _base_facets(p, countries)
        facets.update(obj_id=pid, sort_name=(p["company__name_en"] or "")[:200].lower())
        code = p["company__country_id"] or ""
        country = countries.get(code, ("", "", "", False))
        body_text = " ".join(
            [
                (p["company__description_en"] or "")[:MAX_BODY_CHARS],
                (p["company__description_zh"] or "")[:MAX_BODY_CHARS],
                country[0],
                country[1],
                " ".join(exhibit_names.get(pid, []))[:MAX_BODY_CHARS],
            ]
        )
        docs.append(
            Doc(
                obj_id=pid,
                facets=facets,
                names=_tok(p["company__name_en"], p["company__name_zh"]),
                body=_tok(body_text),
                words=textindex.latin_words(p["company__name_en"]),
            )
        )
    return docs
