"""The hazards panel on the one-enterprise page."""

from __future__ import annotations

from anjian.enterprises import panels


def _context(enterprise, user):
    from .selectors import enterprise_summary

    if not user.has_perm("hazards.view_hazard"):
        return None
    return enterprise_summary(user, enterprise)


panels.register("hazards", "隐患排查治理", "hazards/_enterprise_panel.html", _context, order=10)
