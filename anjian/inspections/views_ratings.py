"""检查码 pages: the code entry box and the visit's public facts (open to anyone with the code),
the rating form for the inspected enterprise's users, and the ratings' aggregates."""

from __future__ import annotations

from django import forms
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from anjian.core.errors import DomainError, Forbidden
from anjian.core.forms import StyledForm
from anjian.core.permissions import deny, permission_required_audited

from . import selectors_ratings, services_ratings

STARS = [(k, f"{k} 星") for k in range(5, 0, -1)]


class CodeForm(StyledForm, forms.Form):
    code = forms.CharField(label="检查码", max_length=16, strip=True)


class RatingForm(StyledForm, forms.Form):
    score = forms.TypedChoiceField(
        label="评分", choices=STARS, coerce=int, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label="意见（选填）",
        max_length=services_ratings.COMMENT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "规范程度、廉洁、效率，300 字以内"}),
    )


@require_http_methods(["GET"])
def code_entry(request):
    form = CodeForm(request.GET or None)
    status = 200
    if form.is_valid():
        inspection = selectors_ratings.visit_by_code(form.cleaned_data["code"])
        if inspection is not None:
            return redirect("inspections:code", visit_code=inspection.visit_code)
        form.add_error("code", "没有找到这个检查码，请核对后重新输入。")
        status = 404
    elif form.is_bound:
        status = 422
    return render(request, "inspections/ratings/code_entry.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
def code_page(request, visit_code: str):
    inspection = selectors_ratings.visit_by_code(visit_code)
    if inspection is None:
        raise Http404
    user = request.user
    form = RatingForm(request.POST or None) if request.method == "POST" else RatingForm()
    status, thanks = 200, False
    if request.method == "POST":
        if not user.is_authenticated:
            return redirect(f"/accounts/login/?next={request.path}")
        if form.is_valid():
            try:
                services_ratings.rating_submit(
                    actor=user,
                    inspection=inspection,
                    score=form.cleaned_data["score"],
                    comment=form.cleaned_data["comment"],
                )
                thanks = True
            except Forbidden as exc:  # recorded like every refusal (not a rating: no score)
                deny(request, exc.message)
            except DomainError as exc:
                form.add_error(None, exc.message)
                status = exc.status
        else:
            status = 422
    serves = user.is_authenticated and services_ratings.serves(user, inspection)
    context = {
        "facts": selectors_ratings.visit_facts(inspection),
        "visit_code": inspection.visit_code,
        "serves": serves,
        "refusal": services_ratings.refusal(user, inspection) if serves else "",
        "form": form,
        "thanks": thanks,
    }
    return render(request, "inspections/ratings/code.html", context, status=status)


def _year(request) -> int:
    default = selectors_ratings.default_year()
    try:
        year = int(request.GET.get("year") or default)
    except ValueError:
        return default
    return year if 2000 <= year <= default else default


@permission_required_audited("inspections.view_inspection")
def rating_summary(request):
    year = _year(request)
    summary = selectors_ratings.rating_summary(request.user, year)
    this = timezone.localdate().year
    context = {"s": summary, "years": range(this, this - 5, -1)}
    return render(request, "inspections/ratings/summary.html", context)
