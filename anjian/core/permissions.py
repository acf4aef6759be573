"""Page permission checks. A refusal is an audit event (GB/T 22239 8.1.4.3), then a 403."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction

from . import audit


def deny(request, reason: str):
    with transaction.atomic():
        audit.record(
            "authz.denied",
            actor=request.user,
            result="denied",
            reason=f"{reason}：{request.method} {request.path}",
        )
    raise PermissionDenied


def permission_required_audited(perm: str):
    """Like `permission_required`, but the refusal is recorded."""

    def decorator(view):
        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not request.user.has_perm(perm):
                deny(request, f"缺少权限 {perm}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def manages(user, label: str) -> bool:
    """May this user use the administration pages of `app.model` (view, and add or change)?"""
    if not getattr(user, "is_authenticated", False):
        return False
    app, model = label.split(".")
    return user.has_perm(f"{app}.view_{model}") and (
        user.has_perm(f"{app}.add_{model}") or user.has_perm(f"{app}.change_{model}")
    )


def admin_page(label: str, *perms: str) -> Callable:
    """Login, then `manages(label)` and every permission in `perms`, else a recorded 403."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            user = request.user
            if not manages(user, label) or not all(user.has_perm(p) for p in perms):
                deny(request, f"无权管理 {label}")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
