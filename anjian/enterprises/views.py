from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render

from . import selectors
from .choices import OperatingStatus


@login_required
def enterprise_list(request):
    filters = {k: request.GET.get(k) or None for k in ("region", "sector", "status", "q")}
    qs = selectors.enterprises_for(request.user, **filters)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    return render(
        request, "enterprises/list.html",
        {"page": page, "filters": filters, "statuses": OperatingStatus},
    )  # fmt: skip


@login_required
def enterprise_detail(request, pk: int):
    enterprise = selectors.enterprise_for(request.user, pk)
    return render(request, "enterprises/detail.html", {"enterprise": enterprise})
