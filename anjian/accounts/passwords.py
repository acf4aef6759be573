"""Password rules from the security policy: length, character classes, history, expiry."""

from __future__ import annotations

import re
from datetime import timedelta

from django.contrib.auth.hashers import check_password
from django.core.exceptions import ValidationError
from django.utils import timezone

from . import policy

CLASSES = [
    (re.compile(r"[a-z]"), "小写字母"),
    (re.compile(r"[A-Z]"), "大写字母"),
    (re.compile(r"\d"), "数字"),
    (re.compile(r"[^A-Za-z0-9]"), "符号"),
]


class PolicyValidator:
    """Django password validator driven by the security policy the security admin edits."""

    def validate(self, password: str, user=None) -> None:
        rules = policy.current()
        errors = []
        if len(password) < rules.min_length:
            errors.append(f"密码至少 {rules.min_length} 位。")
        present = sum(1 for pattern, _ in CLASSES if pattern.search(password))
        if present < rules.min_classes:
            names = "、".join(name for _, name in CLASSES)
            errors.append(f"密码须包含{names}中的至少 {rules.min_classes} 类。")
        if user is not None and user.pk and rules.history:
            recent = user.password_history.all()[: rules.history]
            if any(check_password(password, h.password) for h in recent):
                errors.append(f"不能使用最近 {rules.history} 次用过的密码。")
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        rules = policy.current()
        return f"至少 {rules.min_length} 位，包含大小写字母、数字、符号中的至少 {rules.min_classes} 类。"


def is_expired(user) -> bool:
    rules = policy.current()
    if not rules.expiry_days or user.password_changed_at is None:
        return False
    return timezone.now() - user.password_changed_at > timedelta(days=rules.expiry_days)
