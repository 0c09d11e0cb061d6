"""Permissions in one place: may this user do this action to this object?

Pages, the API and the admin all ask `can()` for one object and `scope()` for a list.
Actions: "view" (what the public may read), "view_private" (contact data, applications,
amounts), "change", "delete", "create" and app-specific verbs ("review", "scan",
"confirm", ...). Unknown models and actions are denied: a rule must be written here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Model, Q, QuerySet

from openexpo.core.errors import PermissionDenied

PUBLIC_MODELS = {
    "core.Edition", "core.ExhibitionArea", "core.Country", "core.ProductCategory",
    "exhibitors.Company", "catalogue.Exhibit", "floorplan.Hall", "floorplan.Booth",
    "forums.SubForum", "forums.Session",
    "forums.Room", "forums.Speaker", "forums.SessionSpeaker",  # forums: the public programme
    "floorplan.Zone", "floorplan.Obstacle",  # floorplan: the venue is public
}
PUBLIC_ACTIONS = {"view"}


# --- who the user is -------------------------------------------------------------------


def token_cap(user: Any) -> Any | None:
    """The API token the request came with (core.ApiToken), if any.

    A token caps its user: it acts only as its role, and only for its company or delegation,
    whatever else the user may do. Own records (the user's visitor registration, badge, forum
    seats) stay reachable with any role. Set by api.auth.ExpoAuth (token_cap_set)."""
    return getattr(user, "_openexpo_token", None)


def token_cap_set(user: Any, token: Any) -> None:
    """Cap `user` to `token` (a core.ApiToken) for the rest of the request."""
    user._openexpo_token = token
    for cached in ("_openexpo_company_ids", "_openexpo_delegation_ids"):
        user.__dict__.pop(cached, None)


def is_organiser(user: Any) -> bool:
    cap = token_cap(user)
    if cap is not None and cap.role != "organiser":
        return False
    return bool(user and user.is_authenticated and user.is_active and user.is_organiser)


def company_ids(user: Any) -> frozenset[int]:
    """Companies the user works for (cached on the user object for the request)."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_openexpo_company_ids", None)
    if cached is None:
        from openexpo.exhibitors.models import ExhibitorStaff

        cached = frozenset(
            ExhibitorStaff.objects.filter(user=user).values_list("company_id", flat=True)
        )
        cap = token_cap(user)
        if cap is not None:
            cached = cached & {cap.company_id} if cap.role == "exhibitor" else frozenset()
        user._openexpo_company_ids = cached
    return cached


def _delegation_subtree(roots: set[int]) -> set[int]:
    """`roots` with all their sub-delegations."""
    from openexpo.visitors.models import Delegation

    found, frontier = set(roots), set(roots)
    while frontier:
        frontier = set(
            Delegation.objects.filter(parent_id__in=frontier).values_list("id", flat=True)
        ) - found
        found |= frontier
    return found


def led_delegation_ids(user: Any) -> frozenset[int]:
    """Delegations the user leads, with all their sub-delegations."""
    if not (user and user.is_authenticated and user.is_active):
        return frozenset()
    cached = getattr(user, "_openexpo_delegation_ids", None)
    if cached is None:
        from openexpo.visitors.models import Delegation

        led = set(Delegation.objects.filter(lead=user).values_list("id", flat=True))
        cached = frozenset(_delegation_subtree(led))
        cap = token_cap(user)
        if cap is not None:
            held = cap.role == "delegation" and cap.delegation_id in cached
            cached = frozenset(_delegation_subtree({cap.delegation_id})) if held else frozenset()
        user._openexpo_delegation_ids = cached
    return cached


def is_gate_staff(user: Any) -> bool:
    cap = token_cap(user)
    if cap is not None and cap.role not in {"gate", "organiser"}:
        return False
    return bool(user and user.is_authenticated and user.is_active and user.kind in {"gate", "organiser"})


# --- object rules: (user, action, obj) -> bool -------------------------------------------


def _company_rule(user: Any, action: str, obj: Any) -> bool:
    return obj.pk in company_ids(user) and action in {"view_private", "change"}


def _participation_rule(user: Any, action: str, obj: Any) -> bool:
    mine = obj.company_id in company_ids(user)
    return mine and action in {"view", "view_private", "change", "withdraw", "submit", "reopen"}


def _participation_transition_rule(user: Any, action: str, obj: Any) -> bool:
    # An application's history: its company reads it; only services write it.
    return obj.participation.company_id in company_ids(user) and action in {"view", "view_private"}


def _exhibit_rule(user: Any, action: str, obj: Any) -> bool:
    mine = obj.participation.company_id in company_ids(user)
    return mine and action in {"view_private", "change", "delete"}


def _staff_rule(user: Any, action: str, obj: Any) -> bool:
    return obj.company_id in company_ids(user) and action in {"view", "view_private"}


def _delegation_rule(user: Any, action: str, obj: Any) -> bool:
    return obj.pk in led_delegation_ids(user) and action in {"view", "view_private", "change"}


def _visitor_rule(user: Any, action: str, obj: Any) -> bool:
    own = user.is_authenticated and obj.user_id == user.pk
    led = obj.delegation_id is not None and obj.delegation_id in led_delegation_ids(user)
    return (own or led) and action in {"view", "view_private", "change"}


def _deal_rule(user: Any, action: str, obj: Any) -> bool:
    exhibitor_side = obj.exhibitor.company_id in company_ids(user)
    buyer_side = obj.delegation_id is not None and obj.delegation_id in led_delegation_ids(user)
    # deals: a registered buyer named on the deal is the buyer side too
    buyer_side = buyer_side or (obj.buyer_visitor_id is not None and obj.buyer_visitor.user_id == user.pk)
    return (exhibitor_side or buyer_side) and action in {"view", "view_private", "confirm", "dispute", "change"}


def _badge_rule(user: Any, action: str, obj: Any) -> bool:
    """Visitors badges: the holder (or the registered visitor) sees and reissues their own."""
    own = obj.holder_id == user.pk or (obj.visitor_id is not None and obj.visitor.user_id == user.pk)
    return own and action in {"view", "view_private", "reissue"}


def _gate_rule(user: Any, action: str, obj: Any) -> bool:
    """Gate staff (User.kind == "gate") scan at gates and read their offline bundle."""
    return is_gate_staff(user) and action in {"view", "scan"}


def _own_forum_seat_rule(user: Any, action: str, obj: Any) -> bool:
    """Forums: a person sees and cancels only their own registration (and sees their attendance)."""
    return obj.user_id == user.pk and action in {"view", "view_private", "cancel"}


def _booth_rule(user: Any, action: str, obj: Any) -> bool:
    """Floorplan: an exhibitor sees its own booth privately (before publication too)."""
    mine = obj.participation_id is not None and obj.participation.company_id in company_ids(user)
    return mine and action in {"view", "view_private"}


OBJECT_RULES: dict[str, Callable[[Any, str, Any], bool]] = {
    "floorplan.Booth": _booth_rule,
    "exhibitors.Company": _company_rule,
    "exhibitors.Participation": _participation_rule,
    "exhibitors.ExhibitorStaff": _staff_rule,
    "exhibitors.ParticipationTransition": _participation_transition_rule,
    "catalogue.Exhibit": _exhibit_rule,
    "visitors.Delegation": _delegation_rule,
    "visitors.Visitor": _visitor_rule,
    "deals.Deal": _deal_rule,
    "visitors.Badge": _badge_rule,
    "visitors.Gate": _gate_rule,
    "forums.Registration": _own_forum_seat_rule,
    "forums.Attendance": _own_forum_seat_rule,
    "forums.AgendaItem": _own_forum_seat_rule,
}


# --- queryset rules: (user, action, qs) -> qs ------------------------------------------------


def _by_company(path: str) -> Callable[[Any, str, QuerySet], QuerySet]:
    def rule(user: Any, action: str, qs: QuerySet) -> QuerySet:
        return qs.filter(**{f"{path}__in": company_ids(user)})

    return rule


def _visitor_scope(user: Any, action: str, qs: QuerySet) -> QuerySet:
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(Q(user=user) | Q(delegation_id__in=led_delegation_ids(user)))


def _deal_scope(user: Any, action: str, qs: QuerySet) -> QuerySet:
    return qs.filter(
        Q(exhibitor__company_id__in=company_ids(user))
        | Q(delegation_id__in=led_delegation_ids(user))
        | Q(buyer_visitor__user=user)  # deals: the registered buyer named on the deal
    )


QUERYSET_RULES: dict[str, Callable[[Any, str, QuerySet], QuerySet]] = {
    "floorplan.Booth": _by_company("participation__company_id"),
    "exhibitors.Company": _by_company("pk"),
    "exhibitors.Participation": _by_company("company_id"),
    "exhibitors.ExhibitorStaff": _by_company("company_id"),
    "exhibitors.ParticipationTransition": _by_company("participation__company_id"),
    "catalogue.Exhibit": _by_company("participation__company_id"),
    "visitors.Delegation": lambda user, action, qs: qs.filter(pk__in=led_delegation_ids(user)),
    "visitors.Visitor": _visitor_scope,
    "deals.Deal": _deal_scope,
    "visitors.Badge": lambda user, action, qs: qs.filter(Q(holder=user) | Q(visitor__user=user)),
    "visitors.Gate": lambda user, action, qs: qs if is_gate_staff(user) else qs.none(),
    "forums.Registration": lambda user, action, qs: qs.filter(user=user),
    "forums.Attendance": lambda user, action, qs: qs.filter(user=user),
    "forums.AgendaItem": lambda user, action, qs: qs.filter(user=user),
}


# --- the two questions ----------------------------------------------------------------------


def _label(model_or_obj: Any) -> str:
    return model_or_obj._meta.label


def can(user: Any, action: str, obj: Model) -> bool:
    """May `user` do `action` to `obj`?"""
    label = _label(obj)
    if is_organiser(user):
        return True
    if label in PUBLIC_MODELS and action in PUBLIC_ACTIONS:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    rule = OBJECT_RULES.get(label)
    return bool(rule and rule(user, action, obj))


def require(user: Any, action: str, obj: Model) -> None:
    """Raise PermissionDenied unless `can(user, action, obj)`."""
    if not can(user, action, obj):
        raise PermissionDenied(f"You may not {action.replace('_', ' ')} this {obj._meta.verbose_name}.")


def scope(user: Any, qs: QuerySet, action: str = "view") -> QuerySet:
    """The part of `qs` that `user` may `action`."""
    label = _label(qs.model)
    if is_organiser(user):
        return qs
    if label in PUBLIC_MODELS and action in PUBLIC_ACTIONS:
        return qs
    if user is None or not user.is_authenticated or not user.is_active:
        return qs.none()
    rule = QUERYSET_RULES.get(label)
    return rule(user, action, qs) if rule else qs.none()


def can_create(user: Any, model: type[Model], **context: Any) -> bool:
    """May `user` create a `model`? `context` names the parent (company=..., delegation=...)."""
    if is_organiser(user):
        return True
    if not (user and user.is_authenticated and user.is_active):
        return False
    company = context.get("company")
    if company is not None:
        return company.pk in company_ids(user)
    delegation = context.get("delegation")
    if delegation is not None:
        return delegation.pk in led_delegation_ids(user)
    return False


# --- matchmaking (issue 6): a buyer its own needs and requests, delegation leads their
# delegation's, exhibitor staff their company's; organisers everything (see can()). -------


def _buyer_side(user: Any, visitor: Any) -> bool:
    own = user.is_authenticated and visitor.user_id == user.pk
    return own or (visitor.delegation_id is not None and visitor.delegation_id in led_delegation_ids(user))


def _need_rule(user: Any, action: str, obj: Any) -> bool:
    if _buyer_side(user, obj.buyer):
        return action in {"view", "view_private", "change", "delete"}
    return action == "view" and obj.status == "open" and bool(company_ids(user))


def _meeting_rule(user: Any, action: str, obj: Any) -> bool:
    sides = _buyer_side(user, obj.buyer) or obj.participation.company_id in company_ids(user)
    return sides and action in {"view", "view_private", "cancel"}


def _capability_rule(user: Any, action: str, obj: Any) -> bool:
    mine = obj.participation.company_id in company_ids(user)
    return action == "view" or (mine and action in {"change", "delete"})


def _dismissal_rule(user: Any, action: str, obj: Any) -> bool:
    mine = _buyer_side(user, obj.buyer) if obj.side == "buyer" else obj.participation.company_id in company_ids(user)
    return mine and action in {"view", "delete"}


def _unavailability_rule(user: Any, action: str, obj: Any) -> bool:
    if obj.buyer_id:
        mine = _buyer_side(user, obj.buyer)
    else:
        mine = obj.participation.company_id in company_ids(user)
    return mine and action in {"view", "change", "delete"}


def _buyer_or_company_scope(user: Any, action: str, qs: QuerySet) -> QuerySet:
    if not user.is_authenticated:
        return qs.none()
    return qs.filter(
        Q(buyer__user=user) | Q(buyer__delegation_id__in=led_delegation_ids(user))
        | Q(participation__company_id__in=company_ids(user))
    )


def _need_scope(user: Any, action: str, qs: QuerySet) -> QuerySet:
    own = Q(buyer__user=user) | Q(buyer__delegation_id__in=led_delegation_ids(user))
    if action == "view" and company_ids(user):
        return qs.filter(own | Q(status="open"))
    return qs.filter(own)


OBJECT_RULES.update({
    "matchmaking.Need": _need_rule,
    "matchmaking.MeetingRequest": _meeting_rule,
    "matchmaking.CapabilityStatement": _capability_rule,
    "matchmaking.Dismissal": _dismissal_rule,
    "matchmaking.Unavailability": _unavailability_rule,
})
QUERYSET_RULES.update({
    "matchmaking.Need": _need_scope,
    "matchmaking.MeetingRequest": _buyer_or_company_scope,
    "matchmaking.CapabilityStatement": lambda user, action, qs: qs if action == "view" else qs.filter(
        participation__company_id__in=company_ids(user)),
    "matchmaking.Dismissal": _buyer_or_company_scope,
    "matchmaking.Unavailability": _buyer_or_company_scope,
})
