"""The registry's field rules, one per field, shared by the edit form, the API and the import.

Each rule adds its refusal to a `Problems` collection instead of raising, so a submission is
told everything that is wrong with it at once. The rules themselves come from
`anjian.standards` (telephone formats, coordinate plausibility, validity periods).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

from django.utils import timezone

from anjian.core.errors import Problems
from anjian.regions.selectors import Bounds, bounds_of
from anjian.standards import coordinates, validity
from anjian.standards import phone as phone_rule

from .choices import RiskGrade, StandardizationGrade, SupervisionClass
from .models import Enterprise

PHONES = ("principal_phone", "safety_manager_phone")
# Enumerations: a value outside the list is refused, never stored blank or replaced by a default.
CHOICES = {
    "risk_grade": RiskGrade,
    "supervision_class": SupervisionClass,
    "standardization_grade": StandardizationGrade,
}
REQUIRED_CHOICES = ("risk_grade", "supervision_class")
LOCATION = ("longitude", "latitude", "region")

BoundsLookup = Callable[[str], Bounds | None]


def label(name: str) -> str:
    return str(getattr(Enterprise._meta.get_field(name), "verbose_name", name))


def clean_phone(value: str | None, name: str = "") -> str:
    """A telephone number in its normal form ("" stays ""); ValueError says why not."""
    text = (value or "").strip()
    if not text:
        return ""
    result = phone_rule.validate(text)
    if not result.valid:
        raise ValueError(f"{label(name)}：{result.reason}" if name else result.reason)
    return result.normalized


def _wanted(name: str, changed: Collection[str] | None) -> bool:
    return changed is None or name in changed


def check_phones(enterprise: Enterprise, problems: Problems, changed=None) -> None:
    for name in PHONES:
        if not _wanted(name, changed):
            continue
        try:
            setattr(enterprise, name, clean_phone(getattr(enterprise, name), name))
        except ValueError as exc:
            problems.add(name, str(exc))


def check_choices(enterprise: Enterprise, problems: Problems, changed=None) -> None:
    for name, choices in CHOICES.items():
        if not _wanted(name, changed):
            continue
        value = getattr(enterprise, name)
        labels = "、".join(str(text) for text in choices.labels)
        if value in (None, ""):
            if name in REQUIRED_CHOICES:
                problems.add(name, f"请选择{label(name)}（{labels}）。")
            continue
        if value not in choices.values:
            problems.add(name, f"{label(name)}“{value}”不在可选范围内，应为：{labels}。")


def check_location(
    enterprise: Enterprise, problems: Problems, changed=None, bounds: BoundsLookup | None = None
) -> None:
    """Coordinates within the ranges, in China, and in the region's (or an ancestor's) box."""
    if changed is not None and not set(LOCATION) & set(changed):
        return
    if problems.has("longitude", "latitude"):
        return
    area = None
    if enterprise.region_id is not None and not problems.has("region"):
        area = (bounds or bounds_of)(enterprise.region.code)
    result = coordinates.check(
        enterprise.longitude,
        enterprise.latitude,
        bounds=area.box if area else None,
        place=area.name if area else "",
    )
    for name, message in result.errors.items():
        problems.add(name, message)


def check_dates(enterprise: Enterprise, problems: Problems, changed=None) -> None:
    """A standardization grade is valid 3 years from its award, and no award lies ahead."""
    names = ("standardization_grade", "standardization_expires_on")
    if changed is not None and not set(names) & set(changed):
        return
    expires = enterprise.standardization_expires_on
    if expires is None:
        return
    if not enterprise.standardization_grade:
        problems.add("standardization_grade", "填写了标准化等级有效期，请同时选择标准化等级。")
    latest = validity.standardization_grade_expiry(timezone.localdate())
    if expires > latest.due_on:
        problems.add(
            "standardization_expires_on",
            f"标准化等级有效期为{latest.interval}，有效期至不能晚于 {latest.due_on}（今天起 {latest.interval}）。",
        )


def check_fields(
    enterprise: Enterprise,
    problems: Problems,
    *,
    changed: Collection[str] | None = None,
    bounds: BoundsLookup | None = None,
) -> None:
    """Every field rule; `changed` limits them to the fields an edit changes (None: all)."""
    check_phones(enterprise, problems, changed)
    check_choices(enterprise, problems, changed)
    check_location(enterprise, problems, changed, bounds)
    check_dates(enterprise, problems, changed)
