"""Badge codec and gate decision: every rejection has its own code; no database."""

from __future__ import annotations

import datetime as dt

import pytest

from openexpo.solvers import badgecodec as bc
from openexpo.solvers.gate import IN, OUT, Gate, GateState

DAYS = [dt.date(2023, 11, 5) + dt.timedelta(days=i) for i in range(6)]
PRIV, PUB = bc.generate_key()
SIGNER = bc.Signer(PRIV)


def _badge(
    badge_id: int = 7, *, edition: int = 6, revision: int = 0, days=DAYS, signer=SIGNER
) -> str:
    first, mask = bc.day_mask_for(days)
    return signer.encode(
        edition=edition,
        badge_id=badge_id,
        category="visitor",
        first_day=first,
        day_mask=mask,
        revision=revision,
    )


def _state() -> GateState:
    return GateState(edition=6, verifier=bc.Verifier({0: PUB}))


def test_roundtrip_is_132_alphanumeric_characters():
    text = _badge(123456)
    assert len(text) == bc.TEXT_LEN == 132
    assert set(text[4:]) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUV")
    cred = bc.Verifier({0: PUB}).verify(text)
    assert (cred.edition, cred.badge_id, cred.category, cred.revision) == (6, 123456, "visitor", 0)
    assert cred.days() == DAYS


def _flip(text: str, pos: int) -> str:
    c = text[pos]
    return text[:pos] + ("1" if c != "1" else "2") + text[pos + 1 :]


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda: "hello world", "unreadable"),
        (lambda: "OX1:" + "Z" * 128, "unreadable"),
        (lambda: _badge()[:100], "truncated"),
        (lambda: _badge(signer=bc.Signer(bc.generate_key()[0])), "forged"),
        (lambda: _flip(_badge(), 60), "tampered"),
        (lambda: _flip(_badge(), 120), "tampered"),
        (lambda: _badge(edition=5), "wrong_edition"),
    ],
)
def test_bad_payloads_have_distinct_codes(make, code):
    d = _state().decide(make(), Gate("G1"), IN, DAYS[0])
    assert (d.accepted, d.code, d.colour) == (False, code, "red")


def test_days_expired_not_yet_and_gap():
    st = _state()
    assert st.decide(_badge(), Gate("G1"), IN, DAYS[-1] + dt.timedelta(days=1)).code == "expired"
    assert (
        st.decide(_badge(), Gate("G1"), IN, DAYS[0] - dt.timedelta(days=1)).code == "not_yet_valid"
    )
    gap = _badge(days=[DAYS[0], DAYS[2]])
    assert st.decide(gap, Gate("G1"), IN, DAYS[1]).code == "not_valid_today"
    assert st.decide(gap, Gate("G1"), IN, DAYS[2]).code == "entered"


def test_revoked_old_revision_refused_new_one_accepted():
    st = _state()
    st.revoked[7] = 1
    assert st.decide(_badge(7, revision=0), Gate("G1"), IN, DAYS[0]).code == "revoked"
    assert st.decide(_badge(7, revision=1), Gate("G1"), IN, DAYS[0]).code == "entered"


def test_antipassback_across_gates_until_exit():
    st = _state()
    text = _badge(9)
    a, b = Gate("A"), Gate("B")
    assert st.scan(text, a, IN, DAYS[0]).code == "entered"
    second = st.scan(text, b, IN, DAYS[0])
    assert (second.accepted, second.code) == (False, "already_inside")
    assert st.scan(text, b, OUT, DAYS[0]).code == "exited"
    assert st.scan(text, a, IN, DAYS[0]).code == "entered"


def test_gate_without_antipassback_lets_duplicates_in():
    st = _state()
    free = Gate("F", antipassback=False)
    text = _badge(10)
    assert st.scan(text, free, IN, DAYS[0]).code == "entered"
    assert st.scan(text, free, IN, DAYS[0]).code == "entered"


def test_exit_without_entry_is_amber_and_direction_enforced():
    st = _state()
    d = st.scan(_badge(11), Gate("A"), OUT, DAYS[0])
    assert (d.accepted, d.code, d.colour) == (True, "exited_unmatched", "amber")
    assert st.decide(_badge(11), Gate("E", directions="in"), OUT, DAYS[0]).code == "wrong_direction"


def test_day_mask_limits():
    with pytest.raises(ValueError):
        bc.day_mask_for([dt.date(2023, 1, 1), dt.date(2023, 1, 17)])
    with pytest.raises(ValueError):
        bc.day_mask_for([])
