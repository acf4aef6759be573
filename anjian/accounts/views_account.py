"""My account: profile, password, second factor (enrol, verify at login, remove), sessions."""

from __future__ import annotations

import base64
from datetime import timedelta
from urllib.parse import urlencode

import django_otp
from django.contrib import messages
from django.contrib.auth import password_validation, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from anjian.core.errors import DomainError, Invalid

from . import otp, passwords, policy, selectors, services, services_security, services_tokens
from .choices import ScopeKind
from .forms_account import OtpTokenForm, PasswordChangeForm
from .models import UserSession
from .policy import has_confirmed_device, otp_required

PENDING_DEVICE = "otp_pending_device"
AGENTS = (
    ("MicroMessenger", "微信"),
    ("Edg/", "Edge"),
    ("Firefox/", "Firefox"),
    ("Chrome/", "Chrome"),
    ("Chromium/", "Chromium"),
    ("Safari/", "Safari"),
)
SYSTEMS = (
    ("Android", "Android"),
    ("iPhone", "iPhone"),
    ("iPad", "iPad"),
    ("Windows", "Windows"),
    ("Mac OS X", "macOS"),
    ("Linux", "Linux"),
)


def _safe_next(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return ""


def _with_next(url_name: str, target: str) -> str:
    url = reverse(url_name)
    return f"{url}?{urlencode({'next': target})}" if target else url


def describe_agent(user_agent: str) -> str:
    """A label like "Chrome · Windows", enough to recognise one's own devices."""
    browser = next((name for key, name in AGENTS if key in user_agent), "")
    system = next((name for key, name in SYSTEMS if key in user_agent), "")
    return " · ".join(part for part in (browser, system) if part) or "未知浏览器"


def _scope_summary(user) -> str:
    scope = user.scope
    parts = [ScopeKind(scope.kind).label if scope.kind in ScopeKind.values else scope.kind]
    org = user.organisation
    if scope.kind == ScopeKind.GRID and user.grid_id:
        parts.append(user.grid.name)
    elif scope.region_code and org is not None:
        parts.append(org.region.name)
    if scope.sector_codes and org is not None:
        parts.append("、".join(s.name for s in org.sectors.all()))
    return " · ".join(parts)


def _sessions(request) -> list[dict]:
    """Signed-in browsers younger than the absolute session limit (older ones cannot be alive)."""
    since = timezone.now() - timedelta(hours=policy.current().absolute_hours)
    rows = UserSession.objects.filter(user=request.user, created_at__gte=since)
    current = request.session.session_key
    return [
        {"row": row, "agent": describe_agent(row.user_agent), "current": row.session_key == current}
        for row in rows
    ]


@login_required
def me(request):
    user = request.user
    rules = policy.current()
    expires = None
    if rules.expiry_days and user.password_changed_at:
        expires = user.password_changed_at + timedelta(days=rules.expiry_days)
    context = {
        "roles": list(user.roles.all()),
        "scope_summary": _scope_summary(user),
        "password_expires": expires,
        "otp_enrolled": has_confirmed_device(user),
        "otp_required": otp_required(user),
        "sessions": _sessions(request),
        "tokens": selectors.api_tokens(user),
        "idle_minutes": rules.idle_minutes,
    }
    return render(request, "accounts/account/me.html", context)


def _password_reason(user) -> str:
    if user.must_change_password:
        return "first"
    return "expired" if passwords.is_expired(user) else ""


@login_required
def password_change(request):
    user = request.user
    reason = _password_reason(user)
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.password_change(
                user=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except Invalid as exc:
            form.add_error(exc.details.get("field"), exc.message)
        else:
            old_key = request.session.session_key
            update_session_auth_hash(request, user)
            ended = services_security.sessions_after_password_change(
                user=user, old_key=old_key, new_key=request.session.session_key
            )
            note = f"其他 {ended} 处登录已退出。" if ended else ""
            messages.success(request, f"密码已修改。{note}")
            return redirect(_safe_next(request) or ("dashboard:home" if reason else "accounts:me"))
    context = {
        "form": form,
        "reason": reason,
        "expiry_days": policy.current().expiry_days,
        "rules": password_validation.password_validators_help_texts(),
    }
    return render(request, "accounts/account/password.html", context)


def _pending_device(request) -> tuple[TOTPDevice, bool]:
    """The unconfirmed device being enrolled in this session (kept across reloads), and whether
    it had to be started afresh."""
    device_id = request.session.get(PENDING_DEVICE)
    device = TOTPDevice.objects.filter(pk=device_id, user=request.user, confirmed=False).first()
    if device is not None:
        return device, False
    device = otp.enrol_start(request.user)
    request.session[PENDING_DEVICE] = device.pk
    return device, True


def _secret(device: TOTPDevice) -> str:
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


@login_required
def otp_setup(request):
    """Enrol an authenticator; replacing one needs this session to have passed the old one."""
    user = request.user
    target = _safe_next(request)
    enrolled = has_confirmed_device(user)
    if enrolled and not user.is_verified():
        return redirect(_with_next("accounts:otp-verify", target))
    posted = request.method == "POST"
    form = OtpTokenForm(request.POST if posted else None)  # an empty POST is still a POST
    device, started = _pending_device(request)
    if posted and started:
        form.is_valid()  # a form takes an error only once it is cleaned
        form.add_error("token", "绑定已过期，请用身份验证器扫描下方新的二维码后重试。")
    elif posted and form.is_valid():
        try:
            otp.enrol_confirm(user, device, form.cleaned_data["token"])
        except Invalid as exc:
            form.add_error("token", exc.message)
        else:
            request.session.pop(PENDING_DEVICE, None)
            django_otp.login(request, device)
            messages.success(request, "双因素认证已启用，今后登录时须输入验证码。")
            return redirect(target or "accounts:me")
    context = {
        "form": form,
        "qr": otp.qr_svg(device),
        "secret": _secret(device),
        "next": target,
        "required": otp_required(user),
        "replacing": enrolled,
    }
    return render(request, "accounts/account/otp_setup.html", context)


@login_required
def otp_verify(request):
    user = request.user
    target = _safe_next(request)
    if not has_confirmed_device(user):
        if otp_required(user):
            return redirect(_with_next("accounts:otp-setup", target))
        return redirect(target or "dashboard:home")
    if user.is_verified():
        return redirect(target or "dashboard:home")
    form = OtpTokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = services_security.otp_session_verify(
                user=user, token=form.cleaned_data["token"]
            )
        except Invalid as exc:
            form.add_error("token", exc.message)
        else:
            django_otp.login(request, device)
            return redirect(target or "dashboard:home")
    return render(request, "accounts/account/otp_verify.html", {"form": form, "next": target})


@login_required
@require_POST
def otp_remove(request):
    user = request.user
    if has_confirmed_device(user) and not user.is_verified():
        return redirect(_with_next("accounts:otp-verify", reverse("accounts:me")))
    try:
        otp.remove(actor=user, user=user)
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "已关闭双因素认证。")
    return redirect("accounts:me")


@login_required
@require_POST
def session_revoke(request, pk: int):
    try:
        services_security.session_revoke(
            actor=request.user, session_id=pk, current_key=request.session.session_key
        )
    except Invalid as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "该会话已结束，对应设备须重新登录。")
    return redirect("accounts:me")


@login_required
@require_POST
def token_revoke(request):
    """Revoke one of my API tokens (the `token` posted)."""
    token = request.POST.get("token", "")
    try:
        services_tokens.token_revoke(
            actor=request.user, user=request.user, token_id=int(token) if token.isdigit() else 0
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, "令牌已吊销，用它调用接口将被拒绝。")
    return redirect("accounts:me")
