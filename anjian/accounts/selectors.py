"""Reads on accounts and organisations."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from axes.models import AccessAttempt
from django.db.models import Max, Q, QuerySet, Sum
from django.utils import timezone

from anjian.core.errors import NotFound
from anjian.core.models import AuditEvent

from . import policy
from .choices import OrgKind
from .filters import ClaimFilters, OrganisationFilters, UserFilters

# The models these reads return; other apps name them through this module.
from .models import EnterpriseClaim, Organisation, User

OPEN_ACCOUNT = "accounts.open_enterprise_account"


def may_open_accounts(actor, enterprise) -> bool:
    """A regulator (not the enterprise itself) with the right, for an enterprise they may edit:
    who may open, and end, an enterprise's accounts (the page shows the button by it)."""
    from django.apps import apps

    enterprises = apps.get_model("enterprises", "Enterprise").objects
    return (
        actor.has_perm(OPEN_ACCOUNT)
        and actor.scope.is_government
        and enterprises.editable_by(actor).filter(pk=enterprise.pk).exists()
    )


def enterprise_staff(enterprise_id: int) -> QuerySet[User]:
    """The active accounts that work for an enterprise: its own people and those who serve it
    (an active membership), for the messages about that enterprise."""
    return User.objects.filter(
        Q(organisation__enterprise=enterprise_id)
        | Q(memberships__enterprise=enterprise_id, memberships__is_active=True),
        is_active=True,
    ).distinct()


def organisations_for(user, filters: OrganisationFilters | None = None) -> QuerySet[Organisation]:
    qs = Organisation.objects.visible_to(user).select_related("region").prefetch_related("sectors")
    return (filters or OrganisationFilters()).apply(qs)


def users_for(user, filters: UserFilters | None = None) -> QuerySet[User]:
    """Accounts, for those who manage them (system and security administrators)."""
    if not user.has_perm("accounts.view_user"):
        return User.objects.none()
    filters = filters or UserFilters()
    qs = User.objects.select_related("organisation").prefetch_related("roles")
    return filters.apply(qs).order_by(*filters.ordering())


def holders_of(perm: str) -> QuerySet[User]:
    """Active accounts whose roles grant `app.codename` (who to tell about a task or an attack)."""
    app_label, _, codename = perm.partition(".")
    return User.objects.filter(
        is_active=True,
        role_links__role__permissions__codename=codename,
        role_links__role__permissions__content_type__app_label=app_label,
    ).distinct()


def api_tokens(user) -> list[dict]:
    """The user's live API tokens, newest first, each with the time it dies if left unused."""
    from .models import ApiToken

    now = timezone.now()
    rows = ApiToken.objects.filter(user=user, revoked_at__isnull=True, expires_at__gt=now)
    tokens = []
    for token in rows.order_by("-created_at", "-id"):
        idle_until = policy.token_idle_deadline(token)
        if idle_until > now:
            tokens.append({"row": token, "idle_until": min(idle_until, token.expires_at)})
    return tokens


def me(user) -> dict:
    """The shape of /api/v1/users/me: who I am and what I may see."""
    scope = user.scope
    org = user.organisation
    return {
        "id": user.pk,
        "username": user.username,
        "name": user.get_full_name(),
        "roles": [r.code for r in user.roles.all()],
        "organisation": {"id": org.pk, "name": org.name, "kind": org.kind} if org else None,
        "scope": {
            "kind": scope.kind,
            "region_code": scope.region_code or None,
            "industries": list(scope.sector_codes),
            "enterprise": scope.enterprise_id,
            "grid": scope.grid_id,
        },
        "permissions": sorted(user.get_all_permissions()),
    }


def lockouts(recent_hours: int = 24) -> tuple[list[dict], list[dict]]:
    """Usernames locked now (at one address or more) and those with recent failures but not
    (or no longer) locked.

    As in the lockout library, a username is locked at an address while its failures there
    within the cool-off window, added up over every browser, reach the policy's limit; other
    addresses are not locked (the owner keeps signing in from their own).
    """
    rules = policy.current()
    now = timezone.now()
    cutoff = now - timedelta(minutes=rules.lockout_minutes)
    since = now - timedelta(hours=recent_hours)
    rows = (
        AccessAttempt.objects.filter(attempt_time__gte=since)
        .exclude(username__isnull=True)
        .values("username", "ip_address")
        .annotate(
            failures=Sum("failures_since_start"),
            last=Max("attempt_time"),
            counted=Sum("failures_since_start", filter=Q(attempt_time__gte=cutoff)),
        )
        .order_by("-last")
    )
    by_username: dict[str, dict[str, Any]] = {}
    for row in rows:
        entry = by_username.setdefault(
            row["username"],
            {"username": row["username"], "failures": 0, "last": row["last"], "addresses": 0},
        )
        entry["failures"] += row["failures"] or 0
        entry["addresses"] += 1
        entry["last"] = max(entry["last"], row["last"])
        if (row["counted"] or 0) >= rules.lockout_failures:
            # Attempts during a lock are not counted, so the last counted failure locked it.
            entry.setdefault("locked_at", []).append(row["ip_address"])
            entry["since"] = min(entry.get("since", row["last"]), row["last"])
            until = row["last"] + timedelta(minutes=rules.lockout_minutes)
            entry["until"] = max(entry.get("until", until), until)
    locked = [e for e in by_username.values() if e.get("locked_at")]
    recent = [e for e in by_username.values() if not e.get("locked_at")]
    for entry in locked:
        entry["refused"] = refused_while_locked(entry["username"], entry["since"])
    return locked, recent


def refused_while_locked(username: str, since) -> int:
    """Sign-in attempts refused unchecked during a lock, as the audit log records them."""
    return AuditEvent.objects.filter(
        event_type="auth.login.failure",
        reason="locked",
        actor_username__iexact=username,
        at__gte=since,
    ).count()


def locked_usernames(usernames: list[str]) -> set[str]:
    """Which of these accounts are locked now (failures within the lockout window)."""
    locked, _ = lockouts()
    wanted = {u.lower() for u in usernames}
    return {row["username"] for row in locked if row["username"] in wanted}


def regulator_offices() -> QuerySet[Organisation]:
    """Active government departments and township stations (not enterprises)."""
    return Organisation.objects.filter(
        is_active=True, kind__in=(OrgKind.GOVERNMENT, OrgKind.STATION)
    )


def claim_reviewers(claim) -> QuerySet[User]:
    """The people who may decide a claim: reviewers of the township or sector office whose scope
    holds the enterprise (its township and district territorial offices, its sector's offices)."""
    prefixes = [claim.region_code[:n] for n in (4, 6, 9)]
    offices = regulator_offices().filter(region_code__in=[p.ljust(12, "0") for p in prefixes])
    offices = offices.filter(Q(sectors__isnull=True) | Q(sectors=claim.sector_id))
    return holders_of("accounts.review_enterpriseclaim").filter(organisation__in=offices)


def claims_for(user, filters: ClaimFilters | None = None) -> QuerySet[EnterpriseClaim]:
    """Self-registrations of enterprises in the user's scope (territorial or sector)."""
    rows = EnterpriseClaim.objects.visible_to(user).select_related("enterprise", "account")
    filters = filters or ClaimFilters()
    return filters.apply(rows).order_by(*filters.ordering(), "-id")


def claim_for(user, pk: int) -> EnterpriseClaim:
    """One claim if in scope; NotFound (404) exactly as for a missing one."""
    claim = claims_for(user).filter(pk=pk).first()
    if claim is None:
        raise NotFound()
    return claim
