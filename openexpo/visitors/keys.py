"""Per-edition badge signing keys: create, load (private half decrypted), cache per process."""

from __future__ import annotations

import base64
import hashlib
import time

from cryptography.fernet import Fernet
from django.conf import settings
from django.db import IntegrityError, transaction

from openexpo.core.models import Edition
from openexpo.solvers import badgecodec
from openexpo.visitors.models import EditionKey


def _fernet() -> Fernet:
    secret = settings.BADGE_KEY_SECRET
    return Fernet(
        base64.urlsafe_b64encode(hashlib.sha256(b"badge-key:" + secret.encode()).digest())
    )


def edition_key_ensure(*, edition: Edition) -> EditionKey:
    """The edition's active key pair, created on first use."""
    key = EditionKey.objects.filter(edition=edition, active=True).first()
    if key is not None:
        return key
    private, public = badgecodec.generate_key()
    try:
        with transaction.atomic():
            return EditionKey.objects.create(
                edition=edition,
                key_id=badgecodec.key_id_of(public),
                public_key=public,
                private_key_encrypted=_fernet().encrypt(private),
                active=True,
            )
    except IntegrityError:  # another process made it first
        return EditionKey.objects.get(edition=edition, active=True)


def signer_for(*, edition: Edition) -> badgecodec.Signer:
    key = edition_key_ensure(edition=edition)
    return badgecodec.Signer(_fernet().decrypt(bytes(key.private_key_encrypted)))


def public_keys(*, edition_id: int) -> dict[int, bytes]:
    """All public keys of an edition (old ones too: badges signed before a rotation)."""
    rows = EditionKey.objects.filter(edition_id=edition_id).values_list("key_id", "public_key")
    return {kid: bytes(pub) for kid, pub in rows}


_VERIFIERS: dict[int, tuple[float, tuple[int, ...], badgecodec.Verifier]] = {}
REFRESH_SECONDS = 30.0


def verifier_for(*, edition_id: int, refresh: bool = False) -> badgecodec.Verifier:
    """A per-process verifier (public key objects and verified texts kept across requests);
    the key list is re-read at most every REFRESH_SECONDS."""
    now = time.monotonic()
    hit = _VERIFIERS.get(edition_id)
    if hit and (hit[0] > now if not refresh else hit[0] - REFRESH_SECONDS + 1.0 > now):
        return hit[2]
    keys = public_keys(edition_id=edition_id)
    kids = tuple(sorted(keys))
    verifier = hit[2] if hit and hit[1] == kids else badgecodec.Verifier(keys)
    _VERIFIERS[edition_id] = (now + REFRESH_SECONDS, kids, verifier)
    return verifier


def reset_cache() -> None:
    """Forget cached verifiers (tests, or after rotating keys by hand)."""
    _VERIFIERS.clear()
