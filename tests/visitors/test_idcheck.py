"""Identity-document validation: each invalid number names the check that failed."""

from __future__ import annotations

import datetime as dt

import pytest

from openexpo.visitors import idcheck
from openexpo.visitors.idcheck import IdError


def _valid_prc(first17: str = "11010519491231002") -> str:
    return first17 + idcheck.prc_check_char(first17)


def test_known_valid_prc_numbers():
    # The GB 11643 standard's worked example, and one ending in X.
    assert idcheck.validate_prc_id("11010519491231002X") == "11010519491231002X"
    n = _valid_prc("44030419900101123")
    assert idcheck.validate("prc_id", n.lower()).number == n


@pytest.mark.parametrize(
    ("number", "check"),
    [
        ("1101051949123100", "length"),
        ("11010519491231002X1", "length"),
        ("1101051949123100AX", "characters"),
        ("99010519491231002X", "region"),
        ("110105194913310021", "birth_date"),
        ("110105189901010021", "birth_date"),
        ("110105194912310021", "check_character"),
    ],
)
def test_invalid_prc_names_check(number, check):
    with pytest.raises(IdError) as err:
        idcheck.validate_prc_id(number, today=dt.date(2023, 11, 5))
    assert err.value.check == check


def test_future_birth_date_refused():
    n = _valid_prc("31010120300101001")
    with pytest.raises(IdError) as err:
        idcheck.validate_prc_id(n, today=dt.date(2023, 11, 5))
    assert err.value.check == "birth_date"


@pytest.mark.parametrize(
    ("country", "number", "ok"),
    [
        ("CN", "E12345678", True),
        ("CN", "EA1234567", True),
        ("CN", "X12345678", False),
        ("US", "A12345678", True),
        ("US", "12345678", False),
        ("DE", "C01X00T47", True),
        ("DE", "C01X00T4", False),
        ("JP", "TK1234567", True),
        ("FR", "12AB34567", True),
        ("BR", "FX123456", True),
        ("BR", "F!1", False),
    ],
)
def test_passport_formats(country, number, ok):
    if ok:
        assert idcheck.validate("passport", number, country).number == number
    else:
        with pytest.raises(IdError) as err:
            idcheck.validate("passport", number, country)
        assert err.value.check == "format"


def test_passport_needs_issuing_country():
    with pytest.raises(IdError) as err:
        idcheck.validate("passport", "E12345678", "China")
    assert err.value.check == "issuing_country"


def test_permits_and_unknown_type():
    assert idcheck.validate("hkmo_permit", "H1234 5678").country == "HK"
    assert idcheck.validate("hkmo_permit", "M12345678").country == "MO"
    assert idcheck.validate("tw_permit", "12345678").number == "12345678"
    for doc, number in [("hkmo_permit", "X12345678"), ("tw_permit", "1234567")]:
        with pytest.raises(IdError) as err:
            idcheck.validate(doc, number)
        assert err.value.check == "format"
    with pytest.raises(IdError) as err:
        idcheck.validate("library_card", "1")
    assert err.value.check == "doc_type"


def test_hash_is_keyed_and_never_contains_number():
    doc = idcheck.validate("prc_id", "11010519491231002X")
    h1, h2 = idcheck.id_hash(doc, "k1"), idcheck.id_hash(doc, "k2")
    assert h1 != h2 and len(h1) == 64 and "11010519491231002X" not in h1
    assert doc.last4 == "002X"
