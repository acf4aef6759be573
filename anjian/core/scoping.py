"""The one door to scoped data: `Model.objects.visible_to(user)` and `.editable_by(user)`.

A user's scope (see `anjian.accounts.scope`) has a kind: territorial (a region subtree, all
sectors), sector (a region subtree ∩ the department's sectors), grid (one grid's records),
enterprise (its own enterprise and those it is a member of), expert (records assigned to them), admin (reference data only) or
none (the public). A scoped model declares which of its columns carry the region code, sector,
grid and enterprise in a `ScopeRule`; the door turns scope and rule into one indexed filter.
Out-of-scope records are simply absent, so pages and the API answer 404 as for missing ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q

from .errors import NotFound


@dataclass(frozen=True)
class Scope:
    kind: str  # territorial | sector | grid | enterprise | expert | admin | none
    region_code: str = ""
    region_prefix: str = ""
    sector_ids: frozenset[int] = field(default_factory=frozenset)
    sector_codes: tuple[str, ...] = ()
    grid_id: int | None = None
    enterprise_id: int | None = None  # the account's own enterprise
    enterprise_ids: frozenset[int] = field(default_factory=frozenset)  # with its memberships
    enterprise_region_codes: frozenset[str] = field(default_factory=frozenset)
    user_id: int | None = None

    @property
    def enterprises(self) -> frozenset[int]:
        """Every enterprise an enterprise user serves: their own and their memberships."""
        own = frozenset([self.enterprise_id]) if self.enterprise_id else frozenset()
        return self.enterprise_ids | own

    @property
    def is_government(self) -> bool:
        return self.kind in ("territorial", "sector", "grid")


NO_SCOPE = Scope(kind="none")


@dataclass(frozen=True)
class ScopeRule:
    """Which columns of a model carry its scope. Unset means the model has no such dimension."""

    region: str | None = None
    sector: str | None = None
    grid: str | None = None
    enterprise: str | None = None
    admin_sees_all: bool = False  # reference data (regions, organisations) for administrators
    enterprise_sees_region: bool = False  # enterprise users see rows of their own region code


def scope_of(user) -> Scope:
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return NO_SCOPE
    return getattr(user, "scope", NO_SCOPE)


CODE_LENGTH = 12


def within_region(field: str, prefix: str) -> Q:
    """`field` holds a 12-digit code under `prefix`, as a range on the code: a plain B-tree index
    serves it under any database collation (a LIKE 'prefix%' needs a special one)."""
    prefix = prefix.strip()
    if not prefix.isdigit() or len(prefix) > CODE_LENGTH:
        return Q(**{f"{field}__startswith": prefix})
    low = prefix.ljust(CODE_LENGTH, "0")
    if len(prefix) == CODE_LENGTH:
        return Q(**{field: prefix})
    following = str(int(prefix) + 1)
    if len(following) > len(prefix):  # "99" has no next prefix of its length: no upper bound
        return Q(**{f"{field}__gte": low})
    return Q(**{f"{field}__gte": low, f"{field}__lt": following.ljust(CODE_LENGTH, "0")})


def _region_q(rule: ScopeRule, scope: Scope) -> Q | None:
    if not rule.region or not scope.region_prefix:
        return None
    return within_region(rule.region, scope.region_prefix)


def scope_filter(rule: ScopeRule, scope: Scope, model) -> Q | None:
    """The filter for this scope, or None when nothing is visible."""
    kind = scope.kind
    if kind == "admin":
        return Q() if rule.admin_sees_all else None
    if kind == "territorial":
        return _region_q(rule, scope)
    if kind == "sector":
        region = _region_q(rule, scope)
        if region is None:
            return None
        return region & Q(**{f"{rule.sector}__in": scope.sector_ids}) if rule.sector else region
    if kind == "grid":
        if rule.grid:
            return Q(**{rule.grid: scope.grid_id})
        return _region_q(rule, scope)
    if kind == "enterprise":
        if rule.enterprise:
            return Q(**{f"{rule.enterprise}__in": sorted(scope.enterprises)})
        if rule.enterprise_sees_region and rule.region:
            codes = scope.enterprise_region_codes | {scope.region_code}
            return Q(**{f"{rule.region}__in": sorted(codes)})
        return None
    if kind == "expert":
        from .models import ExpertAssignment

        if scope.user_id is None:
            return None
        ids = ExpertAssignment.objects.filter(
            user_id=scope.user_id, content_type=ContentType.objects.get_for_model(model)
        ).values("object_id")
        return Q(pk__in=ids)
    return None


def _rule_of(model: type[models.Model]) -> ScopeRule:
    """The `scope` a scoped model declares (a class attribute the type checker cannot see)."""
    return model.scope  # type: ignore[attr-defined]


def _visible_through_manager(model: type[models.Model], user) -> models.QuerySet:
    """`visible_to` of the model's default manager, whose queryset may refine it."""
    return model._default_manager.visible_to(user)  # type: ignore[attr-defined]


class ScopedQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Rows in the user's scope, and only if their roles allow viewing this kind of record."""
        meta = self.model._meta
        if user is None or not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
            return self.none()
        rule = _rule_of(self.model)
        condition = scope_filter(rule, scope_of(user), self.model)
        return self.none() if condition is None else self.filter(condition)

    def editable_by(self, user):
        meta = self.model._meta
        if not user.has_perm(f"{meta.app_label}.change_{meta.model_name}"):
            return self.none()
        return self.visible_to(user)

    def get_visible(self, user, **lookup):
        """The object if this user may see it; NotFound (404) otherwise, exactly as if missing."""
        obj = self.visible_to(user).filter(**lookup).first()
        if obj is None:
            raise NotFound()
        return obj


def ensure_visible(obj: models.Model, user) -> None:
    """Re-check after a write that the actor may still see what they wrote."""
    if not _visible_through_manager(type(obj), user).filter(pk=obj.pk).exists():
        raise NotFound("该记录不在您的管辖范围内。")


def _attribute(obj, path: str):
    for part in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, part, None)
    return obj


def _in_region(obj, rule: ScopeRule, scope: Scope) -> bool:
    if not rule.region or not scope.region_prefix:
        return False
    return str(_attribute(obj, rule.region) or "").startswith(scope.region_prefix.strip())


def would_be_visible(obj: models.Model, user) -> bool:
    """Whether `user` could see `obj` once saved, judged from the object's own attributes.

    The same rule as `visible_to`, evaluated in memory, so a form or an import can refuse an
    unsaved record that its author would lose sight of (a sector officer registering an
    enterprise of another sector) with a message instead of a 404 after the save.
    """
    model = type(obj)
    meta = model._meta
    if user is None or not user.has_perm(f"{meta.app_label}.view_{meta.model_name}"):
        return False
    rule = _rule_of(model)
    scope = scope_of(user)
    kind = scope.kind
    if kind == "admin":
        return rule.admin_sees_all
    if kind == "territorial":
        return _in_region(obj, rule, scope)
    if kind == "sector":
        in_sectors = not rule.sector or _attribute(obj, rule.sector) in scope.sector_ids
        return _in_region(obj, rule, scope) and in_sectors
    if kind == "grid":
        if rule.grid:
            return _attribute(obj, rule.grid) == scope.grid_id
        return _in_region(obj, rule, scope)
    if kind == "enterprise":
        if rule.enterprise:
            return _attribute(obj, rule.enterprise) in scope.enterprises
        if rule.enterprise_sees_region and rule.region:
            codes = scope.enterprise_region_codes | {scope.region_code}
            return _attribute(obj, rule.region) in codes
        return False
    if kind == "expert" and obj.pk is not None:
        return _visible_through_manager(model, user).filter(pk=obj.pk).exists()
    return False
