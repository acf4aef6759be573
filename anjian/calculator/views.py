"""标准计算器 pages: one page with a tab per rule; each form posts and gets its result partial."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_POST

from . import forms
from .forms import CALCULATORS, Outcome


def _page(request, active: str, outcome: Outcome | None = None):
    tabs = []
    for calculator in CALCULATORS.values():
        mine = outcome if outcome and outcome.calculator is calculator else None
        values = mine.values if mine else calculator.blank()
        tabs.append({"calculator": calculator, "values": values, "outcome": mine})
    context = {"tabs": tabs, "active": active if active in CALCULATORS else "accident"}
    return render(request, "calculator/index.html", {**context, **forms.choices()})


@login_required
def index(request):
    return _page(request, request.GET.get("rule", ""))


@login_required
@require_POST
def calculate(request, rule: str):
    """An HTMX post gets the result partial; a plain post gets the whole page, inputs kept."""
    calculator = CALCULATORS.get(rule)
    if calculator is None:
        raise Http404
    outcome = forms.submit(calculator, request.POST)
    if request.headers.get("HX-Request") == "true":
        return render(request, "calculator/_result.html", {"outcome": outcome})
    return _page(request, rule, outcome)
