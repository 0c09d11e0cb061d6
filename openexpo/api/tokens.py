"""REST endpoints for API tokens: issue (the key is shown once), list and revoke your own;
organisers issue, list and revoke anyone's. A token is scoped to one role (see auth.token_issue)."""

from datetime import datetime
from typing import Literal

from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import PageNumberPagination, paginate

from openexpo.api import auth
from openexpo.core import permissions
from openexpo.core.errors import DomainError, PermissionDenied
from openexpo.core.models import ApiToken, User
from openexpo.core.selectors import token_list

router = Router(tags=["tokens"])
Role = Literal["organiser", "exhibitor", "delegation", "gate", "visitor"]  # ApiToken.Role


class TokenIn(Schema):
    name: str = "default"
    role: Role | None = None
    company_id: int | None = None
    delegation_id: int | None = None
    user_id: int | None = None  # organisers: issue for this user


class TokenOut(Schema):
    id: int
    user_id: int
    username: str
    name: str
    role: str
    company_id: int | None
    delegation_id: int | None
    created: datetime
    last_used: datetime | None

    @staticmethod
    def resolve_username(obj: ApiToken) -> str:
        return obj.user.username


class TokenIssuedOut(TokenOut):
    key: str  # shown once: only its hash is kept


def _login_required(request: HttpRequest) -> None:
    if not request.user.is_authenticated:
        raise PermissionDenied("Log in or use a token first.", "unauthenticated")


@router.post("/tokens", response={201: TokenIssuedOut})
def token_issue(request: HttpRequest, payload: TokenIn):
    """Issue a token for yourself within a role you hold (organisers: for `user_id`)."""
    _login_required(request)
    from openexpo.exhibitors.models import Company
    from openexpo.visitors.models import Delegation

    user = request.user
    if payload.user_id is not None and payload.user_id != user.pk:
        if not permissions.is_organiser(user):
            raise PermissionDenied("Only organisers issue tokens for other users.")
        user = get_object_or_404(User, pk=payload.user_id)
    company = delegation = None
    if payload.company_id is not None:
        company = get_object_or_404(Company, pk=payload.company_id)
    if payload.delegation_id is not None:
        delegation = get_object_or_404(Delegation, pk=payload.delegation_id)
    key = auth.token_issue(
        user=user,
        name=payload.name,
        role=payload.role,
        company=company,
        delegation=delegation,
        actor=request.user,
    )
    token = ApiToken.objects.select_related("user").get(key_hash=auth.token_hash(key))
    token.key = key
    return Status(201, token)


@router.get("/tokens", response=list[TokenOut])
@paginate(PageNumberPagination)
def tokens(request: HttpRequest, role: Role | None = None, user_id: int | None = None):
    """Your tokens (with a token: those of its scope); organisers see everyone's, `user_id`
    filters."""
    _login_required(request)
    return token_list(actor=request.user, role=role or "", user_id=user_id)


@router.delete("/tokens/{token_id}", response={204: None})
def token_revoke(request: HttpRequest, token_id: int):
    """Revoke a token: it stops working at once."""
    _login_required(request)
    token = get_object_or_404(ApiToken, pk=token_id)
    if not auth.token_manageable(request.user, token):
        raise DomainError("Not found.", "not_found")  # never reveal others' tokens
    auth.token_revoke(actor=request.user, token=token)
    return Status(204, None)
