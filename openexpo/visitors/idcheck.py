"""Real-name identity documents: validate numbers, name the failed check, hash for storage.

No Django import: `id_hash()` takes the key as an argument (the services pass
settings.ID_HASH_KEY). A number is never stored or logged in clear: only its keyed hash and
its last four characters leave this module, and error messages never echo its digits.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import re
from dataclasses import dataclass

PRC_ID = "prc_id"
PASSPORT = "passport"
HKMO_PERMIT = "hkmo_permit"
TW_PERMIT = "tw_permit"
DOC_TYPES = (PRC_ID, PASSPORT, HKMO_PERMIT, TW_PERMIT)

# Province-level prefixes of GB/T 2260 used in resident identity numbers; 81/82/83 are the
# residence permits of Hong Kong, Macao and Taiwan residents living in the mainland.
PRC_REGIONS: dict[str, str] = {
    "11": "Beijing",
    "12": "Tianjin",
    "13": "Hebei",
    "14": "Shanxi",
    "15": "Inner Mongolia",
    "21": "Liaoning",
    "22": "Jilin",
    "23": "Heilongjiang",
    "31": "Shanghai",
    "32": "Jiangsu",
    "33": "Zhejiang",
    "34": "Anhui",
    "35": "Fujian",
    "36": "Jiangxi",
    "37": "Shandong",
    "41": "Henan",
    "42": "Hubei",
    "43": "Hunan",
    "44": "Guangdong",
    "45": "Guangxi",
    "46": "Hainan",
    "50": "Chongqing",
    "51": "Sichuan",
    "52": "Guizhou",
    "53": "Yunnan",
    "54": "Tibet",
    "61": "Shaanxi",
    "62": "Gansu",
    "63": "Qinghai",
    "64": "Ningxia",
    "65": "Xinjiang",
    "71": "Taiwan",
    "81": "Hong Kong",
    "82": "Macao",
    "83": "Taiwan",
}
_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"

# Passport number formats by issuing country (ISO 3166 alpha-2); others follow ICAO 9303's
# document-number field: 6 to 9 letters or digits.
PASSPORT_FORMATS: dict[str, str] = {
    "CN": r"E\d{8}|E[A-HJ-NP-Z]\d{7}|[GDSP]\d{8}",
    "US": r"[A-Z0-9]\d{8}",
    "GB": r"\d{9}|[A-Z]{2}\d{7}",
    "DE": r"[CFGHJKLMNPRTVWXYZ0-9]{9}",
    "FR": r"\d{2}[A-Z]{2}\d{5}",
    "IT": r"[A-Z]{2}\d{7}",
    "ES": r"[A-Z]{3}\d{6}",
    "JP": r"[A-Z]{2}\d{7}",
    "KR": r"[MSRGD]\d{8}|[MSRGD]\d{3}[A-Z]\d{4}",
    "RU": r"\d{9}",
    "IN": r"[A-Z]\d{7}",
    "AU": r"[A-Z]{1,2}\d{7}",
    "CA": r"[A-Z]{2}\d{6}",
}
_ICAO_DEFAULT = r"[A-Z0-9]{6,9}"
_PASSPORT_RE = {c: re.compile(rf"(?:{p})") for c, p in PASSPORT_FORMATS.items()}
_ICAO_RE = re.compile(_ICAO_DEFAULT)
# Mainland Travel Permit for Hong Kong and Macao Residents: H (HK) or M (Macao) + 8 digits
# (cards since 2013), or + 10 digits (older booklets).
_HKMO_RE = re.compile(r"[HM](?:\d{8}|\d{10})")
# Mainland Travel Permit for Taiwan Residents: 8 digits (cards since 2015) or 10 digits.
_TW_RE = re.compile(r"\d{8}|\d{10}")


class IdError(ValueError):
    """An invalid document number; `check` names the check that failed."""

    def __init__(self, check: str, message: str) -> None:
        super().__init__(message)
        self.check = check
        self.message = message


@dataclass(frozen=True)
class Document:
    """A validated document: its type, issuing country and normalised number."""

    doc_type: str
    country: str
    number: str

    @property
    def last4(self) -> str:
        return self.number[-4:]


def normalise(number: str) -> str:
    """Upper case without spaces or dashes (how people type numbers from a card)."""
    return re.sub(r"[\s\-]", "", number or "").upper()


def prc_check_char(first17: str) -> str:
    """The ISO 7064 MOD 11-2 check character of the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17, _WEIGHTS, strict=True))
    return _CHECK_CHARS[total % 11]


def validate_prc_id(number: str, *, today: dt.date | None = None) -> str:
    """Validate an 18-character resident identity number; returns it normalised."""
    n = normalise(number)
    if len(n) != 18:
        raise IdError("length", f"A resident identity number has 18 characters, not {len(n)}.")
    if not (n[:17].isascii() and n[:17].isdigit()) or n[17] not in "0123456789X":
        raise IdError("characters", "Only digits, and X as the last character, are allowed.")
    if n[:2] not in PRC_REGIONS:
        raise IdError(
            "region", "The region prefix (first two digits) is not a province-level region code."
        )
    try:
        born = dt.date(int(n[6:10]), int(n[10:12]), int(n[12:14]))
    except ValueError:
        raise IdError("birth_date", "The embedded birth date (digits 7-14) is not a calendar date.")
    if born.year < 1900 or born > (today or dt.date.today()):
        raise IdError(
            "birth_date", "The embedded birth date (digits 7-14) is before 1900 or in the future."
        )
    if prc_check_char(n[:17]) != n[17]:
        raise IdError("check_character", "The check character does not match (ISO 7064 MOD 11-2).")
    return n


def validate_passport(number: str, country: str) -> str:
    """Validate a passport number against its issuing country's format."""
    c = (country or "").strip().upper()
    if not re.fullmatch(r"[A-Z]{2}", c):
        raise IdError("issuing_country", "The issuing country must be an ISO 3166 two-letter code.")
    n = normalise(number)
    pattern = _PASSPORT_RE.get(c, _ICAO_RE)
    if not pattern.fullmatch(n):
        fmt = PASSPORT_FORMATS.get(c, _ICAO_DEFAULT)
        raise IdError("format", f"Not a valid passport number for {c} (expected {fmt}).")
    return n


def validate(
    doc_type: str, number: str, country: str = "", *, today: dt.date | None = None
) -> Document:
    """Validate any supported document; raises IdError naming the failed check."""
    if doc_type == PRC_ID:
        return Document(PRC_ID, "CN", validate_prc_id(number, today=today))
    if doc_type == PASSPORT:
        return Document(PASSPORT, country.strip().upper(), validate_passport(number, country))
    n = normalise(number)
    if doc_type == HKMO_PERMIT:
        if not _HKMO_RE.fullmatch(n):
            raise IdError("format", "A Hong Kong/Macao permit number is H or M and 8 or 10 digits.")
        return Document(HKMO_PERMIT, "HK" if n[0] == "H" else "MO", n)
    if doc_type == TW_PERMIT:
        if not _TW_RE.fullmatch(n):
            raise IdError("format", "A Taiwan residents' permit number has 8 or 10 digits.")
        return Document(TW_PERMIT, "TW", n)
    raise IdError("doc_type", f"Unknown document type {doc_type!r}.")


def id_hash(doc: Document, key: str | bytes) -> str:
    """The keyed hash (HMAC-SHA256, hex) stored instead of the number."""
    k = key.encode() if isinstance(key, str) else key
    msg = f"{doc.doc_type}:{doc.country}:{doc.number}".encode()
    return hmac.new(k, msg, hashlib.sha256).hexdigest()
