"""The enterprise's accounts on its page (一企一档), for the regulators who open them."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse

from anjian.core.masking import mask_phone
from anjian.enterprises import panels

from .choices import ClaimStatus
from .models import EnterpriseClaim, User


def _context(enterprise, user) -> dict | None:
    if not (user.has_perm("accounts.open_enterprise_account") and user.scope.is_government):
        return None
    accounts = (
        User.objects.filter(
            Q(organisation__enterprise=enterprise)
            | Q(memberships__enterprise=enterprise, memberships__is_active=True)
        )
        .distinct()
        .select_related("organisation")
        .prefetch_related("roles")
        .order_by("-is_active", "username")
    )
    for account in accounts:
        account.masked_phone = mask_phone(account.phone)
        own = account.organisation.enterprise_id if account.organisation else None
        account.serves_only = own != enterprise.pk
    pending = EnterpriseClaim.objects.filter(enterprise=enterprise, status=ClaimStatus.PENDING)
    claim = pending.first()
    return {
        "accounts": accounts,
        "claim_url": reverse("accounts:claims:detail", args=[claim.pk]) if claim else "",
        "open_url": reverse("accounts:enterprise-account-open", args=[enterprise.pk]),
        "end_url": reverse("accounts:enterprise-membership-end", args=[enterprise.pk]),
    }


panels.register(
    "accounts", "企业账号", "accounts/onboarding/_enterprise_panel.html", _context, order=90
)
