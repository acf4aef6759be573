"""Writes on the registry: enterprises, licences, key people. Every write is scoped and audited."""

from __future__ import annotations

import copy
from collections.abc import Collection
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from anjian.accounts.services import enterprise_organisations_sync
from anjian.core import attachments, audit
from anjian.core.errors import (
    Conflict,
    Forbidden,
    Invalid,
    PreconditionFailed,
    Problems,
    TooLarge,
)
from anjian.core.masking import mask_phone
from anjian.core.records.models import describe_counts, follow_enterprises, lock_records
from anjian.core.scoping import ensure_visible, would_be_visible
from anjian.core.services import record_void
from anjian.regions.selectors import Region
from anjian.standards import credit_code as credit_code_rule
from anjian.standards import id_number as id_number_rule
from anjian.standards import validity

from . import validation
from .choices import LicenceKind
from .models import Enterprise, KeyPerson, Licence
from .workflow import STATUS_FLOW

# Fields the enterprise itself keeps up to date (self-service); the rest are the regulator's.
ENTERPRISE_OWNED = (
    "legal_representative",
    "principal_name",
    "principal_phone",
    "safety_manager_name",
    "safety_manager_phone",
    "address",
    "employees",
    "above_designated_size",
)
REGISTRY_FIELDS = (
    "name",
    "credit_code",
    "region",
    "grid",
    "longitude",
    "latitude",
    "industry_code",
    "industry_name",
    "sector",
    "standardization_grade",
    "standardization_expires_on",
)
REGULATED = ("risk_grade", "supervision_class")
SCOPE_FIELDS = ("region", "sector", "grid")  # the jurisdiction its records follow
AUDITED_FIELDS = (*ENTERPRISE_OWNED, *REGISTRY_FIELDS, *REGULATED, "status")
PERSONAL = ("principal_phone", "safety_manager_phone")
REVEALABLE = {Enterprise: PERSONAL, KeyPerson: ("id_number", "phone")}


def normalize_credit_code(code: str) -> str:
    """Check a credit code; refuse it with every problem named (incl. the expected character)."""
    result = credit_code_rule.validate(code or "")
    if not result.valid:
        raise Invalid("统一社会信用代码有误：" + "；".join(result.errors), field="credit_code")
    return result.normalized


def _verbose_name(name: str) -> str:
    return str(getattr(Enterprise._meta.get_field(name), "verbose_name", name))


def snapshot(enterprise: Enterprise) -> dict[str, Any]:
    """The audited state. Personal fields appear as a masked value plus a short keyed digest,
    so a change shows in the history without the number itself ever reaching the log."""
    data = {}
    for name in AUDITED_FIELDS:
        value = getattr(enterprise, f"{name}_id" if name in ("region", "grid", "sector") else name)
        data[name] = personal_marker(value) if name in PERSONAL else value
    return data


def personal_marker(value: str) -> str:
    """138****5678#a1b2c3: masked, with an HMAC fragment that differs when the number does."""
    import hashlib
    import hmac

    from django.conf import settings

    if not value:
        return ""
    digest = hmac.new(settings.SECRET_KEY.encode(), value.encode(), hashlib.sha256).hexdigest()
    return f"{mask_phone(value)}#{digest[:6]}"


def _check_links(enterprise: Enterprise, actor) -> None:
    """Region, grid and sector: real, consistent, and leaving the enterprise in the actor's sight."""
    problems = Problems()
    if enterprise.region_id is None:
        problems.add("region", "请选择所在乡镇（街道）。")
    if enterprise.sector_id is None:
        problems.add("sector", "请选择监管行业。")
    problems.raise_if_any()
    region = enterprise.region
    if enterprise.grid is not None and enterprise.grid.region_code != region.code:
        problems.add("grid", "所选网格不属于该乡镇（街道）。")
    if region.level not in ("township", "village"):
        problems.add("region", "企业所在区划应为乡镇（街道）或村（社区）。")
    elif not would_be_visible(region, actor):
        problems.add("region", "所选区划不在您的管辖范围内。")
    problems.raise_if_any()
    enterprise.region_code = region.code
    if not would_be_visible(enterprise, actor):
        if actor.scope.kind == "sector":
            raise Invalid("所选监管行业不在您部门的监管范围内。", field="sector")
        raise Invalid("保存后该企业将不在您的管辖范围内。", field="region")


STAMPS = ["created_by", "updated_by", "voided_by"]


def _full_clean(obj, *, exclude: list[str], constraints: bool = True) -> None:
    """Model validation; every problem becomes a field error of one Invalid (422, not a 500)."""
    try:
        obj.full_clean(exclude=exclude, validate_constraints=constraints)
    except ValidationError as exc:
        problems = Problems()
        for field, messages in exc.message_dict.items():
            for message in messages:
                problems.add(field, message)
        problems.raise_if_any()


def _clean(enterprise: Enterprise, *, constraints: bool = True, skip: list[str]) -> None:
    # region, grid and sector are rows already checked by _check_links: no query to re-find them
    exclude = [*STAMPS, "region", "grid", "sector", *skip]
    _full_clean(enterprise, exclude=exclude, constraints=constraints)


def _duplicate_check(enterprise: Enterprise) -> None:
    clash = Enterprise.objects.live().filter(credit_code=enterprise.credit_code)
    if enterprise.pk:
        clash = clash.exclude(pk=enterprise.pk)
    if clash.exists():
        raise Invalid(f"统一社会信用代码 {enterprise.credit_code} 已登记。", field="credit_code")


def enterprise_validate(
    *,
    actor,
    enterprise: Enterprise,
    check_duplicates: bool = True,
    changed: Collection[str] | None = None,
    bounds: validation.BoundsLookup | None = None,
) -> Enterprise:
    """Every registry rule on an unsaved (or changed) enterprise: credit code, links, scope,
    the field rules of `validation` (phones, enumerations, coordinates in the region's box,
    dates), model validation. Every problem is reported at once, in one `Invalid`.

    The create and update services (so the form and the API) and the sheet import all call it;
    the import checks duplicates itself, across the file and in bulk, and passes one `bounds`
    lookup for all its rows. An edit passes the fields it `changed`, so a value stored before
    a rule existed does not block an unrelated change."""
    problems = Problems()
    with problems.check():
        enterprise.credit_code = normalize_credit_code(enterprise.credit_code)
    with problems.check():
        _check_links(enterprise, actor)
    validation.check_fields(enterprise, problems, changed=changed, bounds=bounds)
    if check_duplicates and not problems.has("credit_code"):
        with problems.check():
            _duplicate_check(enterprise)
    with problems.check():
        skip = [e["field"] for e in problems.errors]
        _clean(enterprise, constraints=check_duplicates and not problems.errors, skip=skip)
    problems.raise_if_any()
    return enterprise


def enterprise_check(*, actor, enterprise: Enterprise | None, fields: dict[str, Any]) -> None:
    """The registry rules on a draft, writing nothing: what a form that refused some fields
    (one that did not parse) still has to say about the others, in the same round."""
    draft = copy.copy(enterprise) if enterprise is not None else Enterprise()
    known = set(ENTERPRISE_OWNED) | set(REGISTRY_FIELDS) | set(REGULATED)
    for name, value in fields.items():
        if name in known:
            setattr(draft, name, value)
    changed = set(fields) if enterprise is not None else None
    enterprise_validate(actor=actor, enterprise=draft, changed=changed)


def enterprise_create(*, actor, **fields) -> Enterprise:
    if not actor.has_perm("enterprises.add_enterprise"):
        raise Forbidden("您无权登记企业。")
    unknown = set(fields) - set(ENTERPRISE_OWNED) - set(REGISTRY_FIELDS) - set(REGULATED)
    if unknown:
        raise Invalid(f"不能设置这些字段：{'、'.join(sorted(unknown))}。")
    enterprise = Enterprise(**fields, created_by=actor, updated_by=actor)
    with transaction.atomic():
        enterprise_validate(actor=actor, enterprise=enterprise)
        try:
            with transaction.atomic():
                enterprise.save()
        except IntegrityError as exc:  # registered by someone else after our duplicate check
            raise Conflict(
                f"统一社会信用代码 {enterprise.credit_code} 刚被他人登记，请刷新后核对。",
                field="credit_code",
            ) from exc
        ensure_visible(enterprise, actor)
        enterprise_organisations_sync([enterprise])  # its people's organisation, for accounts
        audit.record("enterprise.create", actor=actor, obj=enterprise, after=snapshot(enterprise))
    return enterprise


def allowed_fields(actor, enterprise: Enterprise) -> set[str]:
    """What this actor may change on this enterprise (self-service vs regulator)."""
    if not Enterprise.objects.editable_by(actor).filter(pk=enterprise.pk).exists():
        return set()
    if actor.scope.kind == "enterprise":
        return set(ENTERPRISE_OWNED)
    allowed = set(ENTERPRISE_OWNED) | set(REGISTRY_FIELDS)
    if actor.has_perm("enterprises.change_regulated_fields"):
        allowed |= set(REGULATED)
    return allowed


def enterprise_update(
    *, actor, enterprise: Enterprise, expected_version: int | None = None, **fields
) -> Enterprise:
    allowed = allowed_fields(actor, enterprise)
    if not allowed:
        raise Forbidden("您无权修改该企业。")
    refused = set(fields) - allowed
    if refused:
        names = "、".join(_verbose_name(f) for f in sorted(refused))
        raise Forbidden(f"以下字段只能由监管部门修改：{names}。", fields=sorted(refused))
    with transaction.atomic():
        if _would_move(enterprise.pk, fields):
            lock_records([enterprise.pk])  # records first, then the enterprise: no deadlock
        locked = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if expected_version is not None and locked.version != expected_version:
            raise PreconditionFailed(current_version=locked.version)
        before = snapshot(locked)
        touched = {name for name, value in fields.items() if getattr(locked, name) != value}
        for name, value in fields.items():
            setattr(locked, name, value)
        enterprise_validate(actor=actor, enterprise=locked, changed=touched)
        locked.version += 1
        locked.updated_by = actor
        locked.save()
        ensure_visible(locked, actor)
        enterprise_organisations_sync([locked])  # its organisation follows a rename or a move
        after = snapshot(locked)
        changed = {k: v for k, v in after.items() if before.get(k) != v}
        audit.record(**change_event(actor, locked, before, changed))
    return locked


def _would_move(pk: int, fields: dict[str, Any]) -> bool:
    """Whether these new values change the enterprise's township, sector or grid."""
    wanted = {
        f"{name}_id": getattr(fields[name], "pk", None) for name in SCOPE_FIELDS if name in fields
    }
    if not wanted:
        return False
    stored = Enterprise.objects.filter(pk=pk).values(*wanted).first() or {}
    return any(stored.get(name) != value for name, value in wanted.items())


def is_move(changed: dict[str, Any]) -> bool:
    """A change of township, sector or grid moves the enterprise to another jurisdiction."""
    return bool(set(changed) & set(SCOPE_FIELDS))


def change_event(
    actor, enterprise: Enterprise, before: dict, changed: dict, moved: dict | None = None
) -> dict[str, Any]:
    """The one audit event of an edit. A move first takes every record of the enterprise along
    (`follow_enterprises`: one UPDATE per record type) and names the counts per kind, so the
    new district sees them all and the old one none; call it in the edit's transaction, or
    pass what one `follow_enterprises` call over many moved enterprises returned (`moved`)."""
    event: dict[str, Any] = {
        "event_type": "enterprise.update",
        "actor": actor,
        "obj": enterprise,
        "before": {k: before[k] for k in changed},
        "after": changed,
    }
    if is_move(changed):
        if moved is None:
            moved = follow_enterprises([enterprise.pk])
        counts = moved.get(enterprise.pk, {})
        event.update(event_type="enterprise.move", reason=describe_counts(counts))
        event["after"] = {**changed, "records": counts}
    return event


def enterprise_set_status(
    *, actor, enterprise: Enterprise, action: str, reason: str, expected_version: int | None = None
) -> Enterprise:
    """Suspend, resume, close or deregister (regulators only), always with a reason."""
    return STATUS_FLOW.apply(
        enterprise, action, actor, expected_version=expected_version, reason=reason
    )


def personal_data_reveal(*, actor, obj, field: str) -> str:
    """Show one personal field in full: needs the permission and leaves an audit event.
    The field is looked at only after the permission and the scope."""
    if not actor.has_perm("enterprises.view_personal_data"):
        raise Forbidden("您没有查看完整个人信息的权限。")
    ensure_visible(obj, actor)
    fields = REVEALABLE[type(obj)]
    if field not in fields:
        raise Invalid(f"只能查看 {' 或 '.join(fields)}。", field="field")
    with transaction.atomic():
        audit.record("personal_data.view", actor=actor, obj=obj, after={"field": field})
    return getattr(obj, field) or ""


# ---- licences and people ------------------------------------------------------------------

SCAN_TYPES = {"image/jpeg", "image/png", "image/webp", "application/pdf"}


def licence_default_expiry(kind: str, issued_on):
    """The statutory expiry where one is set (安全生产许可证: 3 years)."""
    if kind == LicenceKind.SAFETY_PRODUCTION:
        return validity.safety_licence(issued_on).expires_on
    return None


def _editable_enterprise(actor, enterprise: Enterprise) -> None:
    if not Enterprise.objects.editable_by(actor).filter(pk=enterprise.pk).exists():
        raise Forbidden("您无权修改该企业的资料。")


LICENCE_EARLIEST = date(1980, 1, 1)
LICENCE_LONGEST_YEARS = 30


def _check_licence_dates(issued_on: date, expires_on: date) -> None:
    """Dates a real licence can have: issued since 1980 and not in the future, valid at most 30 years."""
    problems = Problems()
    if issued_on < LICENCE_EARLIEST:
        problems.add("issued_on", "发证日期早于 1980 年，请核对。")
    if issued_on > timezone.localdate():
        problems.add("issued_on", "发证日期不能晚于今天。")
    if expires_on <= issued_on:
        problems.add("expires_on", "有效期至应晚于发证日期。")
    elif expires_on.year - issued_on.year > LICENCE_LONGEST_YEARS:
        problems.add("expires_on", f"有效期超过 {LICENCE_LONGEST_YEARS} 年，请核对有效期至。")
    problems.raise_if_any()


def licence_save(
    *, actor, licence: Licence, expected_version: int | None = None, scan=None
) -> Licence:
    """Register or edit a licence; its scan (an image or a PDF), if any, is kept with it."""
    _editable_enterprise(actor, licence.enterprise)
    if licence.expires_on is None:
        licence.expires_on = licence_default_expiry(licence.kind, licence.issued_on)
    if licence.expires_on is None:
        raise Invalid("请填写有效期至。", field="expires_on")
    _check_licence_dates(licence.issued_on, licence.expires_on)
    fields = ("kind", "number", "issued_on", "expires_on")
    after = {f: getattr(licence, f) for f in fields}
    with transaction.atomic():
        _child_save(actor, licence, expected_version, "licence", after)
        if scan:
            try:
                attachments.store_upload(
                    scan, actor=actor, kind="licence_scan", owner=licence, allowed=SCAN_TYPES
                )
            except (Invalid, TooLarge) as exc:
                raise Invalid(exc.message, field="scan") from exc
    return licence


def person_save(*, actor, person: KeyPerson, expected_version: int | None = None) -> KeyPerson:
    _editable_enterprise(actor, person.enterprise)
    problems = Problems()
    if person.id_number:
        checked = id_number_rule.validate(person.id_number)
        if checked.valid:
            person.id_number = checked.normalized
        else:
            problems.add("id_number", f"身份证号有误：{checked.explanation}")
    try:
        person.phone = validation.clean_phone(person.phone)
    except ValueError as exc:
        problems.add("phone", f"手机号：{exc}")
    problems.raise_if_any()
    after = {
        "name": person.name,
        "role": person.role,
        "id_number": "***" if person.id_number else "",
        "phone": "***" if person.phone else "",
    }
    return _child_save(actor, person, expected_version, "person", after)


def _child_save(actor, obj, expected_version: int | None, noun: str, after: dict):
    """Save a licence or a key person, refusing a stale edit, with its audit event."""
    creating = obj.pk is None
    with transaction.atomic():
        _check_version(obj, expected_version)
        obj.updated_by = actor
        if creating:
            obj.created_by = actor
        else:
            obj.version += 1
        _full_clean(obj, exclude=STAMPS)
        obj.save()
        event = f"{noun}.create" if creating else f"{noun}.update"
        after = {"enterprise": obj.enterprise_id, **after}
        audit.record(event, actor=actor, obj=obj, after=after)
    return obj


def _check_version(obj, expected_version: int | None) -> None:
    """A stale edit (someone saved in between) is refused rather than silently overwriting."""
    if obj.pk is None or expected_version is None:
        return
    current = (
        type(obj).objects.select_for_update().filter(pk=obj.pk).values_list("version", flat=True)
    )
    if current.first() != expected_version:
        raise PreconditionFailed(current_version=current.first())


def child_void(*, actor, obj, reason: str):
    _editable_enterprise(actor, obj.enterprise)
    return record_void(obj=obj, reason=reason, actor=actor)


def resolve_refs(data: dict[str, Any]) -> dict[str, Any]:
    """Natural keys → rows: region by code, grid by code, sector by code (API, forms, imports)."""
    from anjian.regions.selectors import Grid, Sector
    from anjian.standards import region_code as codes

    out = dict(data)
    if out.get("region") is not None and not isinstance(out["region"], Region):
        try:
            full = codes.normalize(str(out["region"]))
        except codes.CodeError as exc:
            raise Invalid(str(exc), field="region") from exc
        out["region"] = Region.objects.filter(code=full).first()
        if out["region"] is None:
            raise Invalid(f"区划代码 {full} 不存在。", field="region")
    if "grid" in out and out["grid"] is not None and not isinstance(out["grid"], Grid):
        code = str(out["grid"]).strip()
        out["grid"] = Grid.objects.filter(code=code).first() if code else None
        if code and out["grid"] is None:
            raise Invalid(f"网格编码 {code} 不存在。", field="grid")
    if out.get("sector") is not None and not isinstance(out["sector"], Sector):
        value = str(out["sector"]).strip()
        out["sector"] = Sector.objects.filter(Q(code=value) | Q(name=value)).first()
        if out["sector"] is None:
            raise Invalid(f"未知的监管行业：{value}。", field="sector")
    return out
