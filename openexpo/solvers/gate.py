"""The gate decision: may this badge pass this gate now? Pure, in memory, no Django import.

`GateState` holds what a gate (or the scan server) needs to decide without a database:
the edition's verifier (public keys), the revocation list (badge id -> lowest valid
revision) and the anti-passback state (badge id -> where it entered). `decide()` answers
with a colour and a stable code; `apply()` commits an accepted scan to the state. The
same rules run in the gate page's JavaScript (openexpo/visitors/static/visitors/gate.js).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from openexpo.solvers.badgecodec import CodecError, Credential, Verifier

IN = "in"
OUT = "out"
GREEN, RED, AMBER = "green", "red", "amber"

# code -> (colour, reason shown at the gate)
REASONS: dict[str, tuple[str, str]] = {
    "entered": (GREEN, "Welcome: entry granted."),
    "exited": (GREEN, "Goodbye: exit recorded."),
    "exited_unmatched": (AMBER, "Exit recorded, but no entry was on record."),
    "unreadable": (RED, "Not an OpenExpo badge (random or damaged code)."),
    "truncated": (RED, "The badge code is incomplete (truncated)."),
    "forged": (RED, "Signed by an unknown key: forged badge."),
    "tampered": (RED, "The signature does not match: tampered badge."),
    "wrong_edition": (RED, "This badge belongs to another edition."),
    "not_yet_valid": (RED, "This badge is not valid yet."),
    "expired": (RED, "This badge has expired."),
    "not_valid_today": (RED, "This badge is not valid today."),
    "revoked": (RED, "This badge was revoked (lost or replaced)."),
    "unknown_badge": (RED, "Validly signed, but no such badge is on record."),
    "already_inside": (RED, "Already inside: this badge has not exited (anti-passback)."),
    "wrong_direction": (RED, "This gate does not allow that direction."),
}


@dataclass(frozen=True, slots=True)
class Gate:
    """A gate's configuration."""

    code: str
    zone: str = ""  # hall code, or "" for the venue entrance
    directions: str = "inout"  # "in", "out" or "inout"
    antipassback: bool = True


@dataclass(frozen=True, slots=True)
class Decision:
    accepted: bool
    code: str
    colour: str
    reason: str
    badge_id: int | None = None
    category: str = ""
    direction: str = IN

    def answer(self) -> dict[str, object]:
        """The decision as the gate reads it over HTTP (the API's DecisionOut)."""
        return {
            "accepted": self.accepted,
            "code": self.code,
            "colour": self.colour,
            "reason": self.reason,
            "badge": self.badge_id,
            "category": self.category,
            "direction": self.direction,
        }


@dataclass
class Presence:
    gate: str
    zone: str
    at: dt.datetime | None


@dataclass
class GateState:
    """Everything needed to decide scans for one edition, in memory."""

    edition: int
    verifier: Verifier
    revoked: dict[int, int] = field(default_factory=dict)  # badge id -> lowest valid revision
    inside: dict[int, Presence] = field(default_factory=dict)

    def decide(self, text: str, gate: Gate, direction: str, day: dt.date) -> Decision:
        """Decide a scan without changing the state."""
        if direction not in gate.directions:
            return _REFUSED[("wrong_direction", direction)]
        try:
            cred = self.verifier.verify(text, edition=self.edition)
        except CodecError as err:
            return _REFUSED[(err.code, direction)]
        return self.decide_credential(cred, gate, direction, day)

    def decide_credential(
        self, cred: Credential, gate: Gate, direction: str, day: dt.date
    ) -> Decision:
        """The checks after the signature: revocation list, valid days, anti-passback; each
        a dict or integer operation."""
        bid = cred.badge_id
        if cred.revision < self.revoked.get(bid, 0):
            return _reject("revoked", cred, direction)
        today = day.toordinal()
        i = today - cred.first_day
        if not (0 <= i < 16 and cred.day_mask >> i & 1):
            code = (
                "not_yet_valid"
                if i < 0
                else ("expired" if today > cred.last_day else "not_valid_today")
            )
            return _reject(code, cred, direction)
        if direction == OUT:
            code = "exited" if bid in self.inside or not gate.antipassback else "exited_unmatched"
            return _accept(code, cred, direction)
        if gate.antipassback and bid in self.inside:
            return _reject("already_inside", cred, direction)
        return _accept("entered", cred, direction)

    def apply(self, decision: Decision, gate: Gate, at: dt.datetime | None = None) -> None:
        """Commit an accepted decision to the anti-passback state."""
        if not decision.accepted or decision.badge_id is None:
            return
        if decision.direction == IN:
            self.inside[decision.badge_id] = Presence(gate.code, gate.zone, at)
        else:
            self.inside.pop(decision.badge_id, None)

    def scan(
        self, text: str, gate: Gate, direction: str, day: dt.date, at: dt.datetime | None = None
    ) -> Decision:
        """Decide and apply in one call (the hot path)."""
        decision = self.decide(text, gate, direction, day)
        if decision.accepted:
            self.apply(decision, gate, at)
        return decision


def _accept(code: str, cred: Credential, direction: str) -> Decision:
    colour, reason = REASONS[code]
    return Decision(True, code, colour, reason, cred.badge_id, cred.category, direction)


# Refusals that name no badge are the same object every time (no allocation per scan).
_REFUSED: dict[tuple[str, str], Decision] = {
    (code, d): Decision(False, code, colour, reason, None, "", d)
    for code, (colour, reason) in REASONS.items()
    for d in (IN, OUT)
}


def _reject(code: str, cred: Credential | None = None, direction: str = IN) -> Decision:
    colour, reason = REASONS[code]
    return Decision(
        False,
        code,
        colour,
        reason,
        cred.badge_id if cred else None,
        cred.category if cred else "",
        direction,
    )
