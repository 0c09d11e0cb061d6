"""API authentication: a bearer token (`Authorization: Bearer <key>`) or the browser session.

Anonymous callers pass too (as AnonymousUser): what they may see is decided by the
permission module, not by the authentication layer.
"""

from __future__ import annotations

import hashlib
import secrets
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from ninja.utils import check_csrf

from openexpo.core import permissions
from openexpo.core.audit import audit_record
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import ApiToken, User

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def token_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def token_issue(
    *,
    user: User,
    name: str = "default",
    role: str | None = None,
    company: Any = None,
    delegation: Any = None,
    actor: Any = None,
) -> str:
    """Create a token for `user`, bound to `role` (and its company or delegation); returns the
    key, shown once (only its hash is kept).

    Without `role`, the user's one role is taken: organiser, gate staff, the staff of their
    one company, the lead of their one delegation, else a visitor. The user must hold the
    scope asked for (TokenScopeError "token_scope_not_held"), and a user with several must
    name one ("token_scope_ambiguous"). A user whose request came with a token holds only that
    token's scope, so a token never mints a wider one. `actor` (default: `user`) issues it;
    only an organiser issues tokens for somebody else."""
    actor = user if actor is None else actor
    if getattr(actor, "pk", None) != user.pk and not permissions.is_organiser(actor):
        raise PermissionDenied("Only organisers issue tokens for other users.")
    if not user.is_active:
        raise TokenScopeError(f"{user} is not active.", "token_scope_not_held", field="user_id")
    name = (name or "").strip()
    if not name or len(name) > 80:
        raise TokenScopeError("A token's name has 1 to 80 characters.", "invalid", field="name")
    companies, delegations = permissions.company_ids(user), _led_roots(user)
    if role is None:
        role, company, delegation = _default_scope(user, companies, delegations)
    if role not in ApiToken.Role.values:
        raise TokenScopeError(f"Unknown role {role!r}.", "invalid", field="role")
    held = {
        "organiser": permissions.is_organiser(user),
        "gate": permissions.is_gate_staff(user),
        "exhibitor": company is not None and company.pk in companies,
        "delegation": delegation is not None
        and delegation.pk in permissions.led_delegation_ids(user),
        "visitor": True,
    }[role]
    if not held:
        raise TokenScopeError(f"{user} does not hold the scope {role}.", "token_scope_not_held")
    key = secrets.token_urlsafe(32)
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=user,
            name=name,
            key_hash=token_hash(key),
            role=role,
            company=company if role == "exhibitor" else None,
            delegation=delegation if role == "delegation" else None,
        )
        audit_record(actor=actor, action="token.issue", obj=token, after=_scope_of(token))
    return key


def token_manageable(actor: Any, token: ApiToken) -> bool:
    """Whether `actor` may see and revoke `token`: organisers any; a user their own, and a
    request made with a token only the user's tokens of that same scope."""
    if permissions.is_organiser(actor):
        return True
    if not getattr(actor, "is_authenticated", False) or token.user_id != actor.pk:
        return False
    cap = permissions.token_cap(actor)
    return cap is None or (cap.role, cap.company_id, cap.delegation_id) == (
        token.role,
        token.company_id,
        token.delegation_id,
    )


def token_revoke(*, actor: Any, token: ApiToken) -> None:
    """Delete `token`: it stops working at once (its owner's or, for organisers, anyone's)."""
    if not token_manageable(actor, token):
        raise PermissionDenied("Not your token.")
    with transaction.atomic():
        audit_record(actor=actor, action="token.revoke", obj=token, before=_scope_of(token))
        token.delete()


def _scope_of(token: ApiToken) -> dict[str, Any]:
    return {
        "user": token.user_id,
        "name": token.name,
        "role": token.role,
        "company": token.company_id,
        "delegation": token.delegation_id,
    }


class TokenScopeError(DomainError):
    """A token asked for a role, company or delegation its user does not hold."""


def _led_roots(user: User) -> list[Any]:
    from openexpo.visitors.models import Delegation

    return list(Delegation.objects.filter(lead=user))


def _default_scope(user: User, companies: frozenset[int], delegations: list[Any]) -> tuple:
    from openexpo.core import permissions
    from openexpo.exhibitors.models import Company

    if permissions.is_organiser(user):
        return "organiser", None, None
    if permissions.is_gate_staff(user):
        return "gate", None, None
    if len(companies) + len(delegations) > 1:
        raise TokenScopeError(
            f"{user} works for several companies or delegations: name one.",
            "token_scope_ambiguous",
            field="role",
        )
    if companies:
        return "exhibitor", Company.objects.get(pk=next(iter(companies))), None
    if delegations:
        return "delegation", None, delegations[0]
    return "visitor", None, None


class ExpoAuth:
    """Callable auth for ninja: returns the user (possibly anonymous), or None to refuse."""

    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get("Authorization", "")
        if header:
            scheme, _, key = header.partition(" ")
            if scheme.lower() != "bearer" or not key:
                return None
            token = (
                ApiToken.objects.select_related("user")
                .filter(key_hash=token_hash(key.strip()))
                .first()
            )
            if token is None or not token.user.is_active:
                return None
            if not token.last_used or (timezone.now() - token.last_used).total_seconds() > 300:
                ApiToken.objects.filter(pk=token.pk).update(last_used=timezone.now())
            permissions.token_cap_set(token.user, token)  # the token's scope caps the user
            request.user = token.user
            return token.user
        user = getattr(request, "user", None) or AnonymousUser()
        if user.is_authenticated and request.method in UNSAFE and check_csrf(request) is not None:
            return None
        return user
