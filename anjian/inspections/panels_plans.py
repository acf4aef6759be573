"""Panels of the plans part: on the one-enterprise page (一企一档), the enterprise's class and its
usage meter of the yearly cap, with the overrides; on a plan's page, its progress."""

from __future__ import annotations

from django.utils import timezone

from anjian.core.records import panels as record_panels
from anjian.enterprises import panels as enterprise_panels

from . import rules_plans, selectors_plans


def _usage_context(enterprise, user):
    if not user.has_perm("inspections.view_enterpriseclass"):
        return None
    year = timezone.localdate().year
    klass = selectors_plans.class_of(user, enterprise, year)
    usage = selectors_plans.usage_for(user, enterprise.pk, year)
    return {
        "enterprise": enterprise,
        "year": year,
        "klass": klass,
        "category_label": rules_plans.category_label(
            klass.scheme, enterprise.sector.code, klass.category
        )
        if klass
        else "",
        "usage": usage,
        "overrides": list(selectors_plans.overrides_of(user, enterprise, year)[:20]),
        "may_override": user.has_perm("inspections.override_cap"),
    }


enterprise_panels.register(
    "inspection-usage",
    "监督检查：分类分级与年度检查次数",
    "inspections/plans/_enterprise_panel.html",
    _usage_context,
    order=40,
)


def _progress_context(plan, user):
    from . import services_plans

    found = selectors_plans.progress(plan)
    return {"plan": plan, "may_change": services_plans.may_change(user, plan), **found}


record_panels.register(
    "inspectionplan",
    "progress",
    "计划执行进度",
    "inspections/plans/_progress_panel.html",
    _progress_context,
    order=10,
)
