"""Text to search tokens, shared by both engines: English words and Chinese character bigrams.

No Django import. Both the SQLite FTS5 table and the PostgreSQL tsvector store the tokens
this module makes, so the two engines see the same words:

- Latin text is folded (NFKC, lower case, accents removed) and split into words of letters
  and digits; a light plural stemmer maps "tablets" and "tablet" to one token.
- Chinese (Han) runs have no spaces, so each run becomes overlapping character bigrams plus
  the run's last character ("医疗器械" -> 医疗 疗器 器械 械). A query run becomes a phrase of
  its bigrams, which matches exactly the documents containing that substring; a one-character
  query matches as a prefix, so every character of the text can be found.
- Anything else (punctuation, full-text syntax such as quotes, `*`, `:`, `-`, `&`, brackets,
  emoji) separates tokens and is never passed to an engine.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

MAX_QUERY_CHARS = 200
MAX_QUERY_PARTS = 12
_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_PART = re.compile(rf"[{_HAN}]+|[0-9a-z]+")


_MARKS = re.compile(r"[\u0300-\u036f]+")


def fold(text: str) -> str:
    """NFKC, lower case, Latin accents removed (Chinese is left as it is)."""
    text = unicodedata.normalize("NFKC", text or "").lower()
    if text.isascii():
        return text
    return unicodedata.normalize("NFC", _MARKS.sub("", unicodedata.normalize("NFD", text)))


@functools.lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light English plural stemmer, the same at index and query time."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def is_han(part: str) -> bool:
    """Is this part (as split by `_PART`) a Han run? Its first character tells."""
    return part[0] > "\u3000"


def han_tokens(run: str) -> list[str]:
    """Bigrams of a Han run plus its last character."""
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)] + [run[-1]]


def tokens(text: str) -> list[str]:
    """All index tokens of `text`, in order (the hot loop of an index build: kept inline)."""
    out: list[str] = []
    append, extend = out.append, out.extend
    for part in _PART.findall(fold(text)):
        if part[0] > "\u3000":
            if len(part) > 1:
                extend([part[i : i + 2] for i in range(len(part) - 1)])
            append(part[-1])
        else:
            append(stem(part))
    return out


def latin_words(text: str) -> set[str]:
    """The distinct Latin words of `text` (for the spelling vocabulary)."""
    return {stem(p) for p in _PART.findall(fold(text)) if not is_han(p) and 3 <= len(p) <= 60}


@dataclass(frozen=True)
class QueryPart:
    """One part of a parsed query: a Latin word or a Han run, every part must match."""

    text: str
    han: bool
    prefix: bool = False

    @property
    def phrase(self) -> list[str]:
        """The tokens that must appear consecutively in a document."""
        if not self.han:
            return [self.text]
        if len(self.text) == 1:
            return [self.text]
        return [self.text[i : i + 2] for i in range(len(self.text) - 1)]


def parse_query(text: str) -> list[QueryPart]:
    """Split a user's query into parts; syntax characters and emoji are dropped.

    The last Latin word is a prefix when the query does not end in a space (search as you
    type); a one-character Han part is always a prefix (it is the first character of a token).
    """
    raw = (text or "")[:MAX_QUERY_CHARS]
    found = _PART.findall(fold(raw))[:MAX_QUERY_PARTS]
    parts: list[QueryPart] = []
    seen: set[str] = set()
    for i, part in enumerate(found):
        if part in seen:
            continue
        seen.add(part)
        if is_han(part):
            parts.append(QueryPart(part, True, prefix=len(part) == 1))
        else:
            last = i == len(found) - 1 and not raw.endswith(" ")
            parts.append(QueryPart(stem(part), False, prefix=last and len(part) >= 2))
    return parts


def levenshtein(a: str, b: str, limit: int = 3) -> int:
    """Edit distance of two short words (a swap of neighbours counts as one edit), stopping
    early once it exceeds `limit`."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    before: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i]
        for j, cb in enumerate(b, 1):
            d = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ca != cb))
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                d = min(d, before[j - 2] + 1)
            cur.append(d)
        if min(cur) > limit:
            return limit + 1
        before, prev = prev, cur
    return prev[-1]


def allowed_typos(word: str) -> int:
    """How many edits a word of this length may have and still be corrected."""
    return 0 if len(word) < 4 else 1 if len(word) < 7 else 2
