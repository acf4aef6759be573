"""The risk panel on the one-enterprise page: four-colour counts and the major hazard units."""

from __future__ import annotations

from anjian.enterprises import panels


def _context(enterprise, user):
    from django.urls import reverse

    from . import selectors
    from .filters import SourceFilters
    from .records import level_cards

    if not user.has_perm("risks.view_riskpoint"):
        return None
    sources = selectors.sources_for(user, SourceFilters(enterprise=enterprise.pk))
    return {
        "enterprise": enterprise,
        "cards": level_cards(
            selectors.four_colour(user, enterprise),
            f"{reverse('risks:points')}?enterprise={enterprise.pk}&level=",
        ),
        "sources": sources,
        "can_view_sources": user.has_perm("risks.view_majorhazardsource"),
    }


panels.register("risks", "风险与重大危险源", "risks/_enterprise_panel.html", _context, order=20)
