"""A user's scope, derived from their roles, organisation and grid (see core.scoping)."""

from __future__ import annotations

from anjian.core.scoping import NO_SCOPE, Scope

from .choices import OrgKind, ScopeKind


def _memberships(user) -> dict[int, str]:
    """The further enterprises the account serves (active memberships), with their regions."""
    from .models import EnterpriseMembership

    rows = EnterpriseMembership.objects.filter(
        user=user, is_active=True, enterprise__organisation__is_active=True
    ).values_list("enterprise_id", "enterprise__region_code")
    return dict(rows)


def compute_scope(user) -> Scope:
    if not user.is_active:
        return NO_SCOPE
    roles = list(user.roles.all())
    if any(r.admin_kind for r in roles):
        return Scope(kind=ScopeKind.ADMIN, user_id=user.pk)
    if any(r.is_expert for r in roles):
        return Scope(kind=ScopeKind.EXPERT, user_id=user.pk)
    if user.grid_id:
        grid = user.grid
        township = grid.township
        return Scope(
            kind=ScopeKind.GRID,
            region_code=township.code,
            region_prefix=township.prefix,
            grid_id=grid.pk,
            user_id=user.pk,
        )
    org = user.organisation
    if org is None or not org.is_active:
        return NO_SCOPE
    if org.kind == OrgKind.ENTERPRISE and org.enterprise_id:
        served = _memberships(user)
        return Scope(
            kind=ScopeKind.ENTERPRISE,
            region_code=org.enterprise.region_code,
            enterprise_id=org.enterprise_id,
            enterprise_ids=frozenset(served),
            enterprise_region_codes=frozenset(served.values()),
            user_id=user.pk,
        )
    if org.kind in (OrgKind.GOVERNMENT, OrgKind.STATION):
        region = org.region
        sectors = list(org.sectors.values_list("id", "code"))
        return Scope(
            kind=ScopeKind.SECTOR if sectors else ScopeKind.TERRITORIAL,
            region_code=region.code,
            region_prefix=region.prefix,
            sector_ids=frozenset(i for i, _ in sectors),
            sector_codes=tuple(c for _, c in sectors),
            user_id=user.pk,
        )
    return NO_SCOPE
