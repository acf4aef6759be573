"""Every event the code records reads in Chinese in the audit log: names, objects and reasons."""

import ast
import re
from pathlib import Path

import pytest
from django.db import transaction

from anjian.core import audit, audit_labels
from anjian.core.workflow import registered_workflows
from tests.personas import login_verified

ROOT = Path(__file__).resolve().parents[3]
CJK = re.compile(r"[\u4e00-\u9fff]")
# Event codes built by f-strings: `enterprises.services._child_save` (licence, key person).
BUILT = ["licence.create", "licence.update", "person.create", "person.update"]


def _strings(node) -> list[str]:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return _strings(node.body) + _strings(node.orelse)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return [a + b for a in _strings(node.left) for b in _strings(node.right)]
    return []


def _event_arguments(tree) -> list:
    """Every expression the code passes as an event type."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in ("record", "build")
                and isinstance(func.value, ast.Name)
                and func.value.id == "audit"
                and node.args
            ):
                found.append(node.args[0])
            found += [k.value for k in node.keywords if k.arg in ("event", "event_type")]
        elif isinstance(node, ast.Assign):
            if any(isinstance(t, ast.Name) and t.id == "event" for t in node.targets):
                found.append(node.value)
        elif isinstance(node, ast.Dict):
            found += [
                v
                for k, v in zip(node.keys, node.values, strict=True)
                if isinstance(k, ast.Constant) and k.value == "event_type"
            ]
    return found


def recorded_event_types() -> set[str]:
    codes = set(BUILT)
    for path in (ROOT / "anjian").rglob("*.py"):
        parts = path.relative_to(ROOT).parts
        if "tests" in parts or "migrations" in parts:
            continue
        for node in _event_arguments(ast.parse(path.read_text(encoding="utf-8"))):
            codes.update(s for s in _strings(node) if re.fullmatch(r"[a-z_]+(\.[a-z_]+)+", s))
    return codes


def test_the_scan_finds_the_events_of_every_kind_of_call():
    codes = recorded_event_types()
    assert {"auth.login", "account.enable", "account.disable", "enterprise.move"} <= codes
    assert {"monitoring.point.create", "hazard.closeout", "organisation.update"} <= codes
    assert len(codes) > 60


@pytest.mark.parametrize("code", sorted(recorded_event_types()))
def test_every_event_recorded_in_the_code_has_a_chinese_name(code):
    assert CJK.search(audit_labels.event_label(code)), code


def test_every_workflow_action_has_a_chinese_name():
    import anjian.enterprises.workflow
    import anjian.hazards.workflow
    import anjian.risks.workflow  # noqa: F401  (registers the workflows)

    flows = registered_workflows()
    assert {"hazard", "mhs", "enterprise.status"} <= set(flows)
    for flow in flows.values():
        for action in flow.by_action:
            assert CJK.search(audit_labels.event_label(f"{flow.name}.{action}")), action
    assert audit_labels.event_label("hazard.accept") == "隐患：验收销号"
    assert audit_labels.event_label("hazard.report") == "隐患：上报"
    assert audit_labels.event_label("nothing.known") == ""
    assert audit_labels.event_label("grid.import") == "导入网格"
    assert audit_labels.event_label("grid.dance") == ""


def test_objects_and_reasons_read_as_chinese():
    assert audit_labels.object_label("accounts.user", "3", "张三") == "用户 张三"
    assert audit_labels.object_label("accounts.role", "3", "") == "角色 第 3 号"
    assert audit_labels.object_label("auth.address", "10.0.0.1", "") == "来源地址 第 10.0.0.1 号"
    assert audit_labels.object_label("", "", "") == ""
    assert audit_labels.reason_label("credentials") == "用户名或密码错误"
    assert audit_labels.reason_label("address: 请稍后再试") == "按地址限流：请稍后再试"
    assert audit_labels.reason_label("调整权限") == "调整权限"
    assert audit_labels.reason_label("缺少权限 hazards.view_hazard：GET /hazards/") == (
        "缺少权限 「查看隐患」：GET /hazards/"
    )
    assert (
        audit_labels.reason_label("缺少权限 accounts.unlock_user") == "缺少权限 「可解除账号锁定」"
    )


def test_a_hazard_is_named_by_number_and_description(demo):
    from anjian.hazards.models import Hazard

    hazard = Hazard.objects.exclude(number="").first()
    event = audit.build("hazard.accept", obj=hazard)
    assert event.object_repr.startswith(hazard.number + " ")
    assert audit_labels.object_label(event.object_type, event.object_id, event.object_repr) == (
        f"隐患 {event.object_repr}"
    )


def test_the_log_page_shows_names_objects_reasons_and_a_picker(client, personas):
    login_verified(client, personas["auditadmin"])
    with transaction.atomic():
        audit.record(
            "auth.login.failure", username="nobody", result="failure", reason="credentials"
        )
        audit.record(
            "hazard.accept", actor=personas["city"], object_type="hazards.hazard", object_id=7
        )
    page = client.get("/audit/").content.decode()
    rows = page.split('data-testid="audit-table"', 1)[1]
    assert "登录失败" in rows and "用户名或密码错误" in rows and "credentials" not in rows
    assert "隐患：验收销号" in rows and "隐患 第 7 号" in rows and "hazards.hazard" not in rows
    picker = page.split('data-testid="audit-event-picker"', 1)[1].split("</select>", 1)[0]
    assert '<optgroup label="登录与认证">' in picker and 'value="auth.login.failure"' in picker
    only = client.get("/audit/", {"event": "hazard."}).content.decode()
    only_rows = only.split('data-testid="audit-table"', 1)[1]
    assert "隐患：验收销号" in only_rows and "登录失败" not in only_rows
    assert 'value="hazard." selected' in only
