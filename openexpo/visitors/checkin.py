"""Gate check-in services: decide and record an online scan, take in an offline gate's
queued scans (reporting conflicts), and the bundle a gate downloads to decide offline.

The hot path keeps the public-key objects, verified badge texts and gate settings in the
process; the shared state (revisions, who is inside) lives in the database and is
changed with one conditional upsert, so two gates or two server processes cannot both
let the same badge in.
"""

from __future__ import annotations

import base64
import datetime as dt
import time
import zoneinfo
from dataclasses import dataclass
from typing import Any

import psycopg
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone

from openexpo.core.errors import DomainError
from openexpo.core.models import Edition
from openexpo.solvers.badgecodec import CodecError, Credential
from openexpo.solvers.gate import IN, OUT, REASONS, Decision
from openexpo.visitors.badges import revocation_list
from openexpo.visitors.keys import edition_key_ensure, public_keys, verifier_for
from openexpo.visitors.models import Badge, Gate, Presence, Scan, ScanConflict


class ScanError(DomainError):
    pass


@dataclass(frozen=True)
class GateInfo:
    pk: int
    code: str
    edition_id: int
    edition_number: int
    zone: str
    directions: str
    antipassback: bool
    tz: zoneinfo.ZoneInfo


_GATES: dict[tuple[int, str], tuple[float, GateInfo]] = {}
GATE_REFRESH_SECONDS = 15.0


def gate_info(*, edition_number: int, code: str) -> GateInfo:
    """Gate settings, cached in the process for a few seconds."""
    now = time.monotonic()
    hit = _GATES.get((edition_number, code))
    if hit and hit[0] > now:
        return hit[1]
    gate = (
        Gate.objects.select_related("edition")
        .filter(edition__number=edition_number, code=code)
        .first()
    )
    if gate is None:
        raise ScanError("No such gate.", "not_found")
    info = GateInfo(
        gate.pk,
        gate.code,
        gate.edition_id,
        gate.edition.number,
        gate.zone,
        gate.directions,
        gate.antipassback,
        zoneinfo.ZoneInfo(gate.edition.time_zone),
    )
    _GATES[(edition_number, code)] = (now + GATE_REFRESH_SECONDS, info)
    return info


def _decision(code: str, cred: Credential | None, direction: str) -> Decision:
    colour, reason = REASONS[code]
    accepted = code in {"entered", "exited", "exited_unmatched"}
    return Decision(
        accepted,
        code,
        colour,
        reason,
        cred.badge_id if cred else None,
        cred.category if cred else "",
        direction,
    )


def _verify(gate: GateInfo, payload: str) -> Credential:
    try:
        return verifier_for(edition_id=gate.edition_id).verify(payload, edition=gate.edition_number)
    except CodecError as err:
        if err.code != "forged":
            raise
        # A key made a moment ago by another process: look again (at most once a second).
        return verifier_for(edition_id=gate.edition_id, refresh=True).verify(
            payload, edition=gate.edition_number
        )


def _signature_checks(
    gate: GateInfo, payload: str, direction: str, day: dt.date
) -> tuple[str | None, Credential | None]:
    """Direction, signature, edition and valid days: the checks that need no database."""
    if direction not in gate.directions:
        return "wrong_direction", None
    try:
        cred = _verify(gate, payload)
    except CodecError as err:
        return err.code, None
    today = day.toordinal()
    if not cred.valid_on(today):
        return (
            "not_yet_valid"
            if today < cred.first_day
            else "expired"
            if today > cred.last_day
            else "not_valid_today"
        ), cred
    return None, cred


def _revision_check(gate: GateInfo, cred: Credential) -> str | None:
    with connection.cursor() as cur:
        cur.execute(
            "SELECT revision, status FROM visitors_badge WHERE edition_id = %s AND number = %s",
            [gate.edition_id, cred.badge_id],
        )
        row = cur.fetchone()
    if row is None:
        return "unknown_badge"
    if cred.revision < row[0] or row[1] == Badge.Status.REVOKED:
        return "revoked"
    return None


def _static_checks(
    gate: GateInfo, payload: str, direction: str, day: dt.date
) -> tuple[str | None, Credential | None]:
    """All checks but anti-passback: signature, edition, days, revision."""
    code, cred = _signature_checks(gate, payload, direction, day)
    if code is None and cred is not None:
        code = _revision_check(gate, cred)
    return code, cred


_ENTER_SQL = (
    "INSERT INTO visitors_presence (edition_id, badge_number, inside, zone, gate_id, at) "
    "VALUES (%s, %s, TRUE, %s, %s, %s) ON CONFLICT (edition_id, badge_number) DO UPDATE SET "
    "inside = TRUE, zone = EXCLUDED.zone, gate_id = EXCLUDED.gate_id, at = EXCLUDED.at{cond} RETURNING id"
)
_EXIT_SQL = (
    "UPDATE visitors_presence SET inside = FALSE, gate_id = %s, at = %s "
    "WHERE edition_id = %s AND badge_number = %s AND inside = TRUE RETURNING id"
)
_SCAN_SQL = (
    "INSERT INTO visitors_scan (edition_id, gate_id, badge_number, category, direction, accepted, "
    "code, scanned_at, received_at, offline, client_id, excerpt) "
    "VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
# PostgreSQL: revision check, anti-passback upsert and the scan row in ONE statement (one
# round trip, atomic in autocommit), prepared once per connection (see _pg_one_statement).
# `b` is the badge row, `p` the presence change, `c` the resulting code.
_PG_ENTER = """
WITH b AS (SELECT revision, status FROM visitors_badge WHERE edition_id = %(e)s AND number = %(n)s),
p AS (
  INSERT INTO visitors_presence (edition_id, badge_number, inside, zone, gate_id, at)
  SELECT %(e)s, %(n)s, TRUE, %(zone)s, %(g)s, %(at)s FROM b WHERE b.revision <= %(rev)s AND b.status = 'active'
  ON CONFLICT (edition_id, badge_number) DO UPDATE SET inside = TRUE, zone = EXCLUDED.zone,
    gate_id = EXCLUDED.gate_id, at = EXCLUDED.at {cond}
  RETURNING 1
),
c AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM p) THEN 'entered'
                  WHEN NOT EXISTS (SELECT 1 FROM b) THEN 'unknown_badge'
                  WHEN EXISTS (SELECT 1 FROM b WHERE b.revision > %(rev)s OR b.status <> 'active') THEN 'revoked'
                  ELSE 'already_inside' END AS code)
INSERT INTO visitors_scan (edition_id, gate_id, badge_number, category, direction, accepted, code,
  scanned_at, received_at, offline, client_id, excerpt)
SELECT %(e)s, %(g)s, %(n)s, %(cat)s, 'in', c.code = 'entered', c.code, %(at)s, %(at)s, FALSE, %(cid)s, %(ex)s FROM c
RETURNING code
"""
_PG_EXIT = """
WITH b AS (SELECT revision, status FROM visitors_badge WHERE edition_id = %(e)s AND number = %(n)s),
ok AS (SELECT 1 FROM b WHERE b.revision <= %(rev)s AND b.status = 'active'),
p AS (
  UPDATE visitors_presence SET inside = FALSE, gate_id = %(g)s, at = %(at)s
  WHERE edition_id = %(e)s AND badge_number = %(n)s AND inside = TRUE AND EXISTS (SELECT 1 FROM ok)
  RETURNING 1
),
c AS (SELECT CASE WHEN EXISTS (SELECT 1 FROM p) THEN 'exited'
                  WHEN NOT EXISTS (SELECT 1 FROM b) THEN 'unknown_badge'
                  WHEN NOT EXISTS (SELECT 1 FROM ok) THEN 'revoked'
                  WHEN %(free)s THEN 'exited'
                  ELSE 'exited_unmatched' END AS code)
INSERT INTO visitors_scan (edition_id, gate_id, badge_number, category, direction, accepted, code,
  scanned_at, received_at, offline, client_id, excerpt)
SELECT %(e)s, %(g)s, %(n)s, %(cat)s, 'out', c.code IN ('exited', 'exited_unmatched'), c.code,
  %(at)s, %(at)s, FALSE, %(cid)s, %(ex)s FROM c
RETURNING code
"""
_PG_REFUSED = """
INSERT INTO visitors_scan (edition_id, gate_id, badge_number, category, direction, accepted, code,
  scanned_at, received_at, offline, client_id, excerpt)
VALUES (%(e)s, %(g)s, %(n)s, %(cat)s, %(dir)s, FALSE, %(code)s, %(at)s, %(at)s, FALSE, %(cid)s, %(ex)s)
RETURNING code
"""
_PG_ENTER_AP = _PG_ENTER.format(cond="WHERE visitors_presence.inside = FALSE")
_PG_ENTER_FREE = _PG_ENTER.format(cond="")
NEVER_BY_COUNT = 1 << 30  # psycopg prepares a query after this many runs: i.e. only on request


def _pg_one_statement(db: BaseDatabaseWrapper, sql: str, params: dict[str, Any]) -> str:
    """Run one of the hot statements as a server-side prepared statement with bound
    parameters: PostgreSQL parses and plans it once per connection instead of on every scan
    (planning was over half of the database's CPU per scan), and psycopg sends the values
    without quoting them into the text. Django turns prepared statements off for the
    connection (prepare_threshold=None, for poolers); a threshold no query reaches turns
    them on for the queries that ask (prepare=True) and leaves every other query as it was.
    One psycopg cursor is kept per connection; Django's error wrapping still applies."""
    db.ensure_connection()
    raw = db.connection
    kept = getattr(db, "_visitors_cursor", None)
    if kept is None or kept[0] is not raw:  # a new connection
        if raw.prepare_threshold is None:
            raw.prepare_threshold = NEVER_BY_COUNT
        kept = (raw, psycopg.Cursor(raw))
        db._visitors_cursor = kept
    cur = kept[1]
    with db.wrap_database_errors:
        cur.execute(sql, params, prepare=True)
        return cur.fetchone()[0]


def _pg_scan(
    db: BaseDatabaseWrapper,
    gate: GateInfo,
    cred: Credential | None,
    code: str | None,
    direction: str,
    at: Any,
    client_id: str,
    excerpt: str,
) -> str:
    """Decide what needs the database and record the scan in ONE autocommit statement."""
    params: dict[str, Any] = {"e": gate.edition_id, "g": gate.pk, "at": at, "cid": client_id}
    params["ex"] = excerpt
    if code is not None or cred is None:  # refused before the database had a say: log only
        params["n"], params["cat"] = (cred.badge_id, cred.category) if cred else (None, "")
        params["dir"], params["code"] = direction, code or "unreadable"
        return _pg_one_statement(db, _PG_REFUSED, params)
    params["n"], params["rev"], params["cat"] = cred.badge_id, cred.revision, cred.category
    if direction == IN:
        params["zone"] = gate.zone
        return _pg_one_statement(db, _PG_ENTER_AP if gate.antipassback else _PG_ENTER_FREE, params)
    params["free"] = not gate.antipassback
    return _pg_one_statement(db, _PG_EXIT, params)


def scan_check_in(
    *,
    gate: GateInfo,
    payload: str,
    direction: str = IN,
    now: dt.datetime | None = None,
    client_id: str = "",
) -> Decision:
    """Decide one online scan, change who-is-inside, and record the scan, atomically."""
    now = now or timezone.now()
    day = now.astimezone(gate.tz).date()
    payload = (payload or "").strip()[:400]
    client_id = client_id[:40]
    db = connections[DEFAULT_DB_ALIAS]  # the thread's connection, looked up once per scan
    at = db.ops.adapt_datetimefield_value(now)
    code, cred = _signature_checks(gate, payload, direction, day)
    if db.vendor == "postgresql" and not db.in_atomic_block:
        code = _pg_scan(db, gate, cred, code, direction, at, client_id, payload[:24])
        return _decision(code, cred, direction)
    with transaction.atomic():
        if code is None and cred is not None:
            code = _revision_check(gate, cred)
        if code is None and cred is not None:
            with connection.cursor() as cur:
                if direction == IN:
                    cond = " WHERE visitors_presence.inside = FALSE" if gate.antipassback else ""
                    cur.execute(
                        _ENTER_SQL.format(cond=cond),
                        [gate.edition_id, cred.badge_id, gate.zone, gate.pk, at],
                    )
                    code = "entered" if cur.fetchone() else "already_inside"
                else:
                    cur.execute(_EXIT_SQL, [gate.pk, at, gate.edition_id, cred.badge_id])
                    code = (
                        "exited" if cur.fetchone() or not gate.antipassback else "exited_unmatched"
                    )
        decision = _decision(code or "unreadable", cred, direction)
        with connection.cursor() as cur:
            cur.execute(
                _SCAN_SQL,
                [
                    gate.edition_id,
                    gate.pk,
                    decision.badge_id,
                    decision.category,
                    direction,
                    decision.accepted,
                    decision.code,
                    at,
                    at,
                    False,
                    client_id,
                    payload[:24],
                ],
            )
    return decision


def scans_upload(*, gate: GateInfo, items: list[dict[str, Any]]) -> dict[str, int]:
    """Take in scans an offline gate decided by itself. Each is kept (idempotent by
    client_id); disagreements with the server's view become ScanConflict rows."""
    received = duplicates = conflicts = 0
    now = timezone.now()
    for item in sorted(items, key=lambda i: str(i.get("scanned_at", ""))):
        client_id = str(item.get("client_id", ""))[:40]
        if not client_id:
            raise ScanError("Every offline scan needs a client_id.", "invalid", field="client_id")
        direction = OUT if item.get("direction") == OUT else IN
        try:
            scanned_at = dt.datetime.fromisoformat(str(item.get("scanned_at")))
        except ValueError:
            raise ScanError("scanned_at must be an ISO 8601 time.", "invalid", field="scanned_at")
        if timezone.is_naive(scanned_at):
            scanned_at = timezone.make_aware(scanned_at, gate.tz)
        payload = str(item.get("payload", ""))[:400].strip()
        gate_accepted = bool(item.get("accepted"))
        gate_code = str(item.get("code", ""))[:20] or ("entered" if gate_accepted else "refused")
        day = scanned_at.astimezone(gate.tz).date()
        try:
            with transaction.atomic():
                server_code, cred = _static_checks(gate, payload, direction, day)
                scan = Scan.objects.create(
                    edition_id=gate.edition_id,
                    gate_id=gate.pk,
                    badge_number=cred.badge_id if cred else None,
                    category=cred.category if cred else "",
                    direction=direction,
                    accepted=gate_accepted,
                    code=gate_code,
                    scanned_at=scanned_at,
                    received_at=now,
                    offline=True,
                    client_id=client_id,
                    excerpt=payload[:24],
                )
                found = (
                    _offline_apply(gate, scan, server_code, now) if gate_accepted and cred else 0
                )
        except IntegrityError:
            duplicates += 1
            continue
        received += 1
        conflicts += found
    return {"received": received, "duplicates": duplicates, "conflicts": conflicts}


def _offline_apply(gate: GateInfo, scan: Scan, server_code: str | None, now: dt.datetime) -> int:
    """Apply an accepted offline scan to who-is-inside; report what contradicts it."""
    found = 0
    number = scan.badge_number
    if server_code is not None:  # the gate let in a badge the server would refuse
        ScanConflict.objects.create(
            edition_id=gate.edition_id,
            badge_number=number,
            kind=f"offline_{server_code}"[:20],
            scan=scan,
            detected_at=now,
        )
        found += 1
    presence = (
        Presence.objects.select_for_update()
        .filter(edition_id=gate.edition_id, badge_number=number)
        .first()
    )
    if scan.direction == IN and presence and presence.inside and gate.antipassback:
        other = (
            Scan.objects.filter(
                edition_id=gate.edition_id, badge_number=number, accepted=True, direction=IN
            )
            .exclude(pk=scan.pk)
            .order_by("-scanned_at")
            .first()
        )
        ScanConflict.objects.create(
            edition_id=gate.edition_id,
            badge_number=number,
            kind="double_entry",
            scan=scan,
            other_scan=other,
            detected_at=now,
        )
        found += 1
    if presence is None:
        Presence.objects.create(
            edition_id=gate.edition_id,
            badge_number=number,
            inside=scan.direction == IN,
            zone=gate.zone,
            gate_id=gate.pk,
            at=scan.scanned_at,
        )
    elif scan.scanned_at >= presence.at:
        presence.inside = scan.direction == IN
        presence.zone = gate.zone if scan.direction == IN else presence.zone
        presence.gate_id, presence.at = gate.pk, scan.scanned_at
        presence.save(update_fields=["inside", "zone", "gate", "at"])
    return found


def gate_bundle(*, gate: GateInfo) -> dict[str, Any]:
    """What a gate page keeps to decide while offline: keys, revocations, its settings."""
    edition = Edition.objects.get(pk=gate.edition_id)
    edition_key_ensure(edition=edition)
    keys = public_keys(edition_id=gate.edition_id)
    return {
        "edition": gate.edition_number,
        "gate": {
            "code": gate.code,
            "zone": gate.zone,
            "directions": gate.directions,
            "antipassback": gate.antipassback,
        },
        "keys": [
            {"key_id": kid, "public_key": base64.b64encode(pub).decode()}
            for kid, pub in keys.items()
        ],
        "revoked": {str(n): rev for n, rev in revocation_list(edition_id=gate.edition_id).items()},
        "days": [d.isoformat() for d in edition.days],
        "time_zone": edition.time_zone,
        "generated_at": timezone.now().isoformat(),
    }


def reset_caches() -> None:
    """Forget cached gates and verifiers (tests, or after editing gates by hand)."""
    from openexpo.visitors.keys import reset_cache

    _GATES.clear()
    reset_cache()
