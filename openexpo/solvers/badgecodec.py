"""Badge credentials: a compact Ed25519-signed payload for a QR code, encoded and verified.

Layout (big-endian, 16 bytes) followed by the 64-byte Ed25519 signature of those 16 bytes:

    version:1  key_id:2  edition:2  badge_id:4  category:1  first_day:2  day_mask:2  revision:2

`first_day` counts days since 2000-01-01; bit i of `day_mask` means "valid on first_day + i".
`revision` is the revocation version: reissuing a lost badge bumps it and the gate refuses
every lower revision of that badge. The 80 bytes are written in base32hex (digits and
A-V, all in the QR alphanumeric set) behind the prefix "OX1:": 132 characters, a
version-8 QR at error-correction level M. Decoding uses int(text, 32), which is C-fast.

Keys are made with `cryptography`; signatures are made and checked with libsodium
(PyNaCl): on this machine libsodium's Ed25519 verify costs about half of OpenSSL's
(bench/checkin.py part a measures both), and the verify is most of a first scan's cost.
No Django import.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import struct
from dataclasses import dataclass

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from nacl.bindings import crypto_sign, crypto_sign_open, crypto_sign_seed_keypair
from nacl.exceptions import BadSignatureError

PREFIX = "OX1:"
FORMAT_VERSION = 1
BODY = struct.Struct(">BHHIBHHH")
BODY_LEN = BODY.size  # 16
SIG_LEN = 64
RAW_LEN = BODY_LEN + SIG_LEN  # 80
TEXT_LEN = len(PREFIX) + RAW_LEN * 8 // 5  # 132
EPOCH = dt.date(2000, 1, 1)
EPOCH_ORD = EPOCH.toordinal()

CATEGORIES = ("visitor", "exhibitor", "press", "staff", "organiser")
CATEGORY_CODE = {name: i for i, name in enumerate(CATEGORIES)}


class CodecError(ValueError):
    """A payload that cannot be trusted; `code` is the gate's rejection code."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True, slots=True)
class Credential:
    """What a verified badge says about itself."""

    edition: int
    badge_id: int
    category: str
    first_day: int  # proleptic Gregorian ordinal (date.toordinal())
    day_mask: int
    revision: int
    key_id: int

    def valid_on(self, day_ordinal: int) -> bool:
        i = day_ordinal - self.first_day
        return 0 <= i < 16 and bool(self.day_mask >> i & 1)

    @property
    def last_day(self) -> int:
        return self.first_day + self.day_mask.bit_length() - 1

    def days(self) -> list[dt.date]:
        return [
            dt.date.fromordinal(self.first_day + i) for i in range(16) if self.day_mask >> i & 1
        ]


def key_id_of(public_raw: bytes) -> int:
    """A 16-bit fingerprint of a public key (tells which key signed a badge)."""
    return int.from_bytes(hashlib.sha256(public_raw).digest()[:2], "big")


def generate_key() -> tuple[bytes, bytes]:
    """A fresh key pair as (private raw 32 bytes, public raw 32 bytes)."""
    key = Ed25519PrivateKey.generate()
    return private_raw(key), public_raw(key.public_key())


def private_raw(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.Raw, serialization.PrivateFormat.Raw, serialization.NoEncryption()
    )


def public_raw(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def day_mask_for(days: list[dt.date]) -> tuple[int, int]:
    """(first_day ordinal, mask) for a list of valid dates spanning at most 16 days."""
    if not days:
        raise ValueError("a badge needs at least one valid day")
    first = min(days).toordinal()
    mask = 0
    for d in days:
        i = d.toordinal() - first
        if i >= 16:
            raise ValueError("valid days must fall within 16 consecutive days")
        mask |= 1 << i
    return first, mask


class Signer:
    """Signs badges with one edition's private key (libsodium's expanded secret key, made
    once; Ed25519 signatures are deterministic, so they equal OpenSSL's byte for byte and
    cost about two thirds as much)."""

    def __init__(self, private: bytes) -> None:
        self.private = private
        public, self._secret = crypto_sign_seed_keypair(private)
        self.key_id = key_id_of(public)

    def encode(
        self,
        *,
        edition: int,
        badge_id: int,
        category: str,
        first_day: int,
        day_mask: int,
        revision: int = 0,
    ) -> str:
        """The QR text of one badge."""
        body = BODY.pack(
            FORMAT_VERSION,
            self.key_id,
            edition,
            badge_id,
            CATEGORY_CODE[category],
            first_day - EPOCH_ORD,
            day_mask,
            revision,
        )
        return (
            PREFIX + base64.b32hexencode(body + crypto_sign(body, self._secret)[:SIG_LEN]).decode()
        )


def parse(text: str) -> tuple[Credential, bytes, bytes]:
    """Split QR text into (credential, body, signature) without checking the signature."""
    digits = text[4:] if type(text) is str and len(text) == TEXT_LEN else ""
    if not (digits and digits.isascii() and digits.isalnum() and text.startswith(PREFIX)):
        digits = _digits_slow(text)  # not the common case: a whole, unpadded badge code
    try:
        raw = int(digits, 32).to_bytes(RAW_LEN, "big")
    except ValueError:
        raise CodecError("unreadable", "The badge code is not base32hex.")
    ver, kid, edition, badge_id, cat, first, mask, rev = _unpack(raw)
    if ver != FORMAT_VERSION or cat >= len(CATEGORIES) or mask == 0:
        raise CodecError("tampered", "The badge fields are not a valid combination.")
    cred = Credential(edition, badge_id, CATEGORIES[cat], first + EPOCH_ORD, mask, rev, kid)
    return cred, raw[:BODY_LEN], raw[BODY_LEN:]


_unpack = BODY.unpack_from
_DIGITS = RAW_LEN * 8 // 5  # 128


def _digits_slow(text: object) -> str:
    """The base32hex digits of an unusual text (padded, short, long), or the rejection."""
    if not isinstance(text, str) or not text.startswith(PREFIX):
        raise CodecError("unreadable", "Not an OpenExpo badge.")
    digits = text[len(PREFIX) :].rstrip("=")
    if not (digits.isascii() and digits.isalnum()) or len(digits) > _DIGITS:
        raise CodecError("unreadable", "The badge code contains characters a badge never has.")
    if len(digits) < _DIGITS:
        raise CodecError("truncated", "The badge code is incomplete (truncated).")
    return digits


class Verifier:
    """Checks signatures against known public keys (raw 32 bytes, handed to libsodium);
    remembers verified texts, so a badge's exits and re-entries cost a dict lookup."""

    def __init__(
        self, keys: dict[int, bytes] | None = None, *, cache_size: int = 2_000_000
    ) -> None:
        self._keys: dict[int, bytes] = {}
        self._cache: dict[str, Credential] = {}
        self._cache_size = cache_size
        for raw in (keys or {}).values():
            self.add_key(raw)

    def add_key(self, public: bytes) -> int:
        public = bytes(public)
        if len(public) != 32:
            raise ValueError("an Ed25519 public key is 32 bytes")
        kid = key_id_of(public)
        self._keys[kid] = public
        return kid

    def verify(self, text: str, *, edition: int | None = None) -> Credential:
        """The credential if the signature holds; CodecError with the rejection code if not.

        With `edition`, a badge of another edition is refused as `wrong_edition`.
        """
        cred = self._cache.get(text)
        if cred is None:
            cred, body, sig = parse(text)
            if edition is not None and cred.edition != edition:
                raise CodecError("wrong_edition", f"This badge is for edition {cred.edition}.")
            key = self._keys.get(cred.key_id)
            if key is None:
                raise CodecError("forged", "The badge was not signed by this expo's key (forged).")
            try:
                crypto_sign_open(sig + body, key)
            except BadSignatureError:
                raise CodecError("tampered", "The signature does not match the badge (tampered).")
            if len(self._cache) >= self._cache_size:
                self._cache.clear()
            self._cache[text] = cred
        elif edition is not None and cred.edition != edition:
            raise CodecError("wrong_edition", f"This badge is for edition {cred.edition}.")
        return cred


def sign_range(
    private: bytes,
    edition: int,
    start: int,
    count: int,
    category: str,
    first_day: int,
    day_mask: int,
) -> list[str]:
    """QR texts for badge numbers start .. start+count-1 (revision 0): a unit of work for a
    process pool when a whole edition is issued at once."""
    signer = Signer(private)
    return [
        signer.encode(
            edition=edition, badge_id=n, category=category, first_day=first_day, day_mask=day_mask
        )
        for n in range(start, start + count)
    ]
