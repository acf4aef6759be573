"""Pages of the plans part beyond the record layer's: classifying a jurisdiction in one press,
adding and removing key enterprises, the cap override dialog, and the public plan page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from anjian.core.errors import Forbidden
from anjian.core.forms import call_service
from anjian.core.permissions import permission_required_audited as needs
from anjian.enterprises.models import Enterprise
from anjian.enterprises.selectors import enterprise_for

from . import selectors_plans, services_caps, services_plans
from .forms_plans import ClassifyForm, KeyEnterpriseForm, OverrideForm


@needs("inspections.classify_enterprise")
def classify(request):
    """评定本辖区企业类别: every enterprise in the user's scope, for one year."""
    form = ClassifyForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        done = call_service(
            form, services_plans.classify_jurisdiction, actor=request.user, year=year
        )
        if done is not None:
            messages.success(request, f"已评定 {len(done)} 家企业 {year} 年度的监管类别。")
            return redirect(f"{_url('inspections:classes')}?year={year}")
    status = 422 if form.errors else 200
    return render(request, "inspections/plans/classify.html", {"form": form}, status=status)


def _url(name: str, *args) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


def _key_queryset(user, plan):
    from anjian.core.scoping import within_region
    from anjian.standards.region_code import jurisdiction_prefix

    return Enterprise.objects.visible_to(user).filter(
        within_region("region_code", jurisdiction_prefix(plan.office.region_code)),
        voided_at__isnull=True,
    )


@login_required
def plan_key_add(request, pk: int):
    """列入重点检查企业 (the plan page's picker posts here)."""
    plan = selectors_plans.plan_for(request.user, pk)
    if not services_plans.may_change(request.user, plan):
        raise Forbidden("只有本单位可修改编制中的年度计划。")
    form = KeyEnterpriseForm(request.POST or None, queryset=_key_queryset(request.user, plan))
    if request.method == "POST" and form.is_valid():
        enterprise = form.cleaned_data["enterprise"]
        try:
            services_plans.plan_add_key(actor=request.user, plan=plan, enterprise=enterprise)
        except services_caps.CapReached as exc:
            form.add_error("enterprise", exc.message)
        else:
            messages.success(request, f"已将{enterprise.name}列为重点检查企业。")
            return redirect("inspections:plan", pk=plan.pk)
    context = {"form": form, "plan": plan}
    return render(
        request, "inspections/plans/key_add.html", context, status=422 if form.errors else 200
    )


@require_POST
@login_required
def plan_key_remove(request, pk: int, enterprise_id: int):
    plan = selectors_plans.plan_for(request.user, pk)
    services_plans.plan_remove_key(actor=request.user, plan=plan, enterprise_id=enterprise_id)
    messages.success(request, "已从重点检查企业中移除。")
    return redirect("inspections:plan", pk=plan.pk)


@needs("inspections.override_cap")
def cap_override(request, enterprise_id: int):
    """批准超上限检查: the named authority, with a reason; audited by the service."""
    enterprise = enterprise_for(request.user, enterprise_id)
    year = timezone.localdate().year
    form = OverrideForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services_caps.cap_override,
            actor=request.user,
            enterprise=enterprise,
            year=form.cleaned_data["year"],
            reason=form.cleaned_data["reason"],
        )
        if done is not None:
            messages.success(request, f"已批准{enterprise.name}超出年度上限检查一次。")
            return redirect(_url("enterprises:detail", enterprise.pk) + "#panel-inspection-usage")
    context = {
        "form": form,
        "enterprise": enterprise,
        "usage": selectors_plans.usage_for(request.user, enterprise.pk, year),
    }
    return render(
        request,
        "inspections/plans/override.html",
        context,
        status=422 if form.errors else 200,
    )


def public_plan(request, pk: int):
    """The published plan, for anyone, without login: no personal data (no names of staff)."""
    plan = selectors_plans.published_plan(pk)
    context = {
        "plan": plan,
        "months": selectors_plans.progress(plan)["months"],
        "keys": plan.key_enterprises.order_by("name").only("name"),
    }
    return render(request, "inspections/plans/public.html", context)
