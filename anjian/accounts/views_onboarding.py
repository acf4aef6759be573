"""Pages of enterprise onboarding: the regulator opens an enterprise's account (its password
shown once), anyone asks for an enterprise's first account by credit code (认领), and the office
in scope reviews the claims (list, detail and dialog come from the record layer)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from anjian.core.errors import Conflict, Forbidden, Invalid, NotFound, TooLarge
from anjian.core.forms import call_service
from anjian.core.permissions import permission_required_audited
from anjian.core.records.importing import MAX_REPORTED, run_import
from anjian.core.records.sheet_views import ImportForm, template_page
from anjian.core.records.views import list_view
from anjian.enterprises import selectors as enterprise_selectors

from . import services_onboarding
from .forms_onboarding import ClaimForm, EnterpriseAccountForm
from .imports import SHEET
from .models import User
from .records import CLAIM_DETAIL, CLAIMS
from .selectors import OPEN_ACCOUNT

claim_list = list_view(CLAIMS)
claim_detail = CLAIM_DETAIL.view()


def _all_errors(form, check) -> None:
    """A form refused by its own checks also shows the service's, so no error waits a round."""
    raw = {name: form.data.get(name, "") for name in form.fields}
    for field, message in check(**raw).items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, message)


@login_required
def enterprise_account_open(request, pk: int):
    enterprise = enterprise_selectors.enterprise_for(request.user, pk)
    if not services_onboarding.may_open_accounts(request.user, enterprise):
        raise Http404
    form = EnterpriseAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not form.is_valid():
        _all_errors(form, services_onboarding.account_problems)
    elif request.method == "POST":
        result = call_service(
            form,
            services_onboarding.enterprise_account_open,
            actor=request.user,
            enterprise=enterprise,
            **form.cleaned_data,
        )
        if result is not None:
            account, password = result
            context = {"enterprise": enterprise, "account": account, "password": password}
            response = render(request, "accounts/onboarding/account_opened.html", context)
            add_never_cache_headers(response)  # the password is shown once, never kept
            return response
    context = {"enterprise": enterprise, "form": form}
    return render(request, "accounts/onboarding/account_form.html", context)


@login_required
@require_POST
def enterprise_membership_end(request, pk: int):
    """The regulator ends an account's service for this enterprise (任职企业)."""
    enterprise = enterprise_selectors.enterprise_for(request.user, pk)
    if not services_onboarding.may_open_accounts(request.user, enterprise):
        raise Http404
    raw = str(request.POST.get("user", "")).strip()
    account = User.objects.filter(pk=int(raw)).first() if raw.isdecimal() else None
    try:
        if account is None:
            raise NotFound()
        services_onboarding.enterprise_membership_end(
            actor=request.user, user=account, enterprise=enterprise
        )
    except NotFound:
        messages.error(request, "该账号不在本企业任职，无需退出。")
    else:
        messages.success(request, f"账号 {account.username} 已退出本企业，不再能查看本企业的记录。")
    return redirect("enterprises:detail", pk=enterprise.pk)


@never_cache
def claim_submit(request):
    """Open to anyone: the enterprise's person asks for its first account."""
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not form.is_valid():
        _all_errors(form, services_onboarding.claim_problems)
    elif request.method == "POST":
        claim = call_service(form, services_onboarding.enterprise_claim_submit, **form.cleaned_data)
        if claim is not None:
            return render(request, "accounts/onboarding/claim_sent.html", {"claim": claim})
    return render(request, "accounts/onboarding/claim_form.html", {"form": form})


@permission_required_audited(OPEN_ACCOUNT)
def enterprise_accounts_import(request):
    """Many enterprises' accounts from one sheet; the passwords are shown once, on this page."""
    form = ImportForm(SHEET, request.POST or None, request.FILES or None)
    errors: list = []
    summary = ""
    if request.method == "POST" and form.is_valid():
        try:
            opened = run_import(SHEET, actor=request.user, upload=form.cleaned_data["file"])
        except (Invalid, TooLarge, Conflict, Forbidden) as exc:
            errors = [] if exc.details.get("field") == "file" else exc.details.get("errors", [])
            summary = exc.message if errors else ""
            if not errors:
                form.add_error("file", exc.message)
        else:
            response = render(
                request, "accounts/onboarding/accounts_imported.html", {"opened": opened}
            )
            add_never_cache_headers(response)
            return response
    context = {
        "form": form,
        "errors": errors,
        "summary": summary,
        "max_reported": MAX_REPORTED,
        "columns": SHEET.layout.columns,
        "title": "企业账号",
        "template_url": reverse("accounts:enterprise-accounts-import-template"),
        "back_url": reverse("accounts:claims:list"),
    }
    return render(request, "records/import.html", context, status=422 if errors else 200)


enterprise_accounts_template = permission_required_audited(OPEN_ACCOUNT)(template_page(SHEET))
