"""The audit log page and its Excel export, for the audit administrator only."""

from __future__ import annotations

from django import forms
from django.db import transaction
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone

from . import audit, audit_labels, selectors, xlsx
from .models import AuditEvent
from .pagination import paginate
from .permissions import permission_required_audited

EXPORT_PERMISSION = "core.export_auditevent"
PAGE_SIZE = 50
EXPORT_HEADERS = [
    "时间",
    "用户",
    "角色",
    "范围",
    "IP",
    "客户端",
    "事件代码",
    "事件",
    "对象类型",
    "对象编号",
    "对象名称",
    "结果",
    "原因",
    "请求号",
    "修改前",
    "修改后",
]
EXPORT_WIDTHS = [20, 14, 16, 16, 16, 30, 24, 16, 20, 12, 24, 8, 30, 34, 40, 40]


class AuditFilterForm(forms.Form):
    user = forms.CharField(label="用户名", required=False, max_length=150)
    event = forms.CharField(label="事件类型", required=False, max_length=80)
    object_type = forms.CharField(label="对象类型", required=False, max_length=80)
    object_id = forms.CharField(label="对象编号", required=False, max_length=64)
    since = forms.DateField(label="开始日期", required=False)
    until = forms.DateField(label="结束日期", required=False)

    SELECTOR_ARGS = {"user": "username", "event": "event_type"}

    def clean(self):
        super().clean()
        data = self.cleaned_data
        since, until = data.get("since"), data.get("until")
        if since and until and since > until:
            self.add_error("until", "结束日期不能早于开始日期。")
        return data

    def filters(self) -> dict:
        """The valid, non-empty filters as `audit_events_for` arguments (bad ones are ignored)."""
        self.is_valid()
        cleaned = getattr(self, "cleaned_data", {})
        return {
            self.SELECTOR_ARGS.get(name, name): value.strip() if isinstance(value, str) else value
            for name, value in cleaned.items()
            if value not in (None, "") and name not in self.errors
        }

    def query(self) -> str:
        """The submitted filters as a query string (for the next page and the export links)."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        for name in ("cursor", "page"):
            data.pop(name, None)
        return data.urlencode() if data else ""


@permission_required_audited(selectors.AUDIT_READ_PERMISSION)
def audit_list(request):
    form = AuditFilterForm(request.GET)
    events = selectors.audit_events_for(request.user, **form.filters())
    page = paginate(events, order=("-id",), cursor=request.GET.get("cursor"), limit=PAGE_SIZE)
    for event in page["items"]:
        event.label = audit_labels.event_label(event.event_type)
        event.object_label = audit_labels.object_label(
            event.object_type, event.object_id, event.object_repr
        )
        event.reason_label = audit_labels.reason_label(event.reason)
    context = {
        "form": form,
        "events": page["items"],
        "next_cursor": page["next_cursor"],
        "first_page": not request.GET.get("cursor"),
        "query": form.query(),
        "event_groups": audit_labels.event_groups(),
        "results": AuditEvent.Result,
        "can_export": request.user.has_perm(EXPORT_PERMISSION),
    }
    return render(request, "core/audit/list.html", context)


def _export_row(event: AuditEvent) -> list:
    return [
        event.at,
        event.actor_username,
        event.actor_role,
        event.actor_scope,
        event.ip,
        event.user_agent,
        event.event_type,
        audit_labels.event_label(event.event_type),
        audit_labels.object_type_label(event.object_type) or event.object_type,
        event.object_id,
        event.object_repr,
        event.get_result_display(),
        audit_labels.reason_label(event.reason),
        event.request_id,
        event.before,
        event.after,
    ]


@permission_required_audited(EXPORT_PERMISSION)
def audit_export(request):
    """The filtered log as .xlsx; the export itself is recorded before the file goes out."""
    filters = AuditFilterForm(request.GET).filters()
    events = selectors.audit_events_for(request.user, **filters).order_by("-id")
    with transaction.atomic():
        audit.record(
            "audit.export",
            actor=request.user,
            object_type="core.auditevent",
            after={"filters": filters, "rows": events.count()},
        )
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    rows = (_export_row(event) for event in events.iterator(chunk_size=2000))
    return xlsx.stream_workbook(
        f"审计日志-{stamp}.xlsx",
        EXPORT_HEADERS,
        rows,
        sheet_title="审计日志",
        widths=EXPORT_WIDTHS,
    )
