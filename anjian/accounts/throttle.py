"""Login throttling beyond the lockout, so that guessing passwords cannot lock their owners out.

django-axes locks one username at one address after the policy's consecutive failures (the
settings' AXES_LOCKOUT_PARAMETERS). On top of its failure records (`AccessAttempt`, one row per
username, address and browser, with the time of the latest failure), before any password is
checked:

- an address that fails too often across usernames is throttled: 429 with `Retry-After`;
- a username failing from many addresses is slowed down, not locked: past a number of failures
  each further attempt waits twice as long as the previous one (up to a cap). An address the
  owner has signed in from recently is not slowed down, so the owner keeps getting in.

The first refusal of each kind and target in a lockout window is audited and told to the
security administrators; the rest of the burst is not repeated.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.models import AccessAttempt, AccessLog
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.db import transaction
from django.http.multipartparser import MultiPartParserError
from django.utils import timezone

from anjian.core import audit
from anjian.core.input_guard import BadInput, parse_json, refused_character
from anjian.core.middleware import client_ip
from anjian.core.models import AuditEvent, Notification
from anjian.core.notifications import notify

from . import policy, selectors

LOGIN_PATHS = ("/accounts/login/", "/api/v1/auth/token")
NOTIFY_PERMISSION = "accounts.unlock_user"


@dataclass(frozen=True)
class Refusal:
    kind: str  # "address" or "username"
    target: str
    seconds: int

    @property
    def message(self) -> str:
        wait = _human(self.seconds)
        if self.kind == "address":
            return f"此地址登录失败次数过多，请 {wait}后再试。"
        return f"该账号近期登录失败次数过多，为防止密码被猜测，请 {wait}后再试。"


def _human(seconds: int) -> str:
    return f"{seconds} 秒" if seconds < 120 else f"{math.ceil(seconds / 60)} 分钟"


def rules() -> dict:
    return settings.LOGIN_THROTTLE


def username_of(request) -> str:
    """The username a login request names (form or JSON), as the lockout records it; a body that
    does not parse names none (the view then refuses it)."""
    try:
        raw = request.body  # read once and kept, so the view can still parse the body
        if request.content_type == "application/json":
            body = parse_json(raw or b"{}")
            username = body.get("username", "") if isinstance(body, dict) else ""
        else:
            username = request.POST.get("username", "")
    except (MultiPartParserError, SuspiciousOperation, ValueError, BadInput):
        return ""
    if refused_character(str(username)):
        return ""
    return str(username).strip().lower()[:150]


def address_wait(failures: list[tuple[datetime, int]], limit: int, window, now) -> int:
    """Seconds until fewer than `limit` failures remain in the window (0: not throttled)."""
    total = sum(count for _, count in failures)
    if total < limit:
        return 0
    for at, count in sorted(failures):
        total -= count
        if total < limit:
            return max(1, math.ceil((at + window - now).total_seconds()))
    return 0


def username_wait(failures: int, last: datetime | None, free: int, cap: int, now) -> int:
    """Seconds the next attempt must wait: 1 s after `free` failures, doubling up to `cap`."""
    if last is None or failures < free:
        return 0
    delay = min(2 ** min(failures - free, 30), cap)  # the exponent bounded: no huge integers
    return max(0, math.ceil((last + timedelta(seconds=delay) - now).total_seconds()))


def _known_address(username: str, ip: str, now) -> bool:
    since = now - timedelta(days=rules()["KNOWN_ADDRESS_DAYS"])
    return AccessLog.objects.filter(
        username=username, ip_address=ip, attempt_time__gte=since
    ).exists()


def check(request) -> Refusal | None:
    """Whether this login attempt must wait, and how long (before any password is checked)."""
    now = timezone.now()
    window = timedelta(minutes=policy.current().lockout_minutes)
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - window)
    ip = client_ip(request)
    by_address = list(
        recent.filter(ip_address=ip).values_list("attempt_time", "failures_since_start")
    )
    seconds = address_wait(by_address, rules()["ADDRESS_FAILURES"], window, now)
    if seconds:
        return Refusal("address", ip, seconds)
    username = username_of(request)
    if not username:
        return None
    by_username = list(
        recent.filter(username=username).values_list("attempt_time", "failures_since_start")
    )
    failures = sum(count for _, count in by_username)
    last = max((at for at, _ in by_username), default=None)
    seconds = username_wait(
        failures, last, rules()["USERNAME_FREE_FAILURES"], rules()["USERNAME_MAX_DELAY"], now
    )
    if seconds and not _known_address(username, ip, now):
        return Refusal("username", username, seconds)
    return None


def report(refusal: Refusal) -> None:
    """Audit and tell the security administrators, once per target and lockout window."""
    window = timedelta(minutes=policy.current().lockout_minutes)
    now = timezone.now()
    seen = AuditEvent.objects.filter(
        event_type="auth.throttle", object_id=refusal.target[:64], at__gte=now - window
    )
    if seen.exists():
        return
    if refusal.kind == "address":
        title = f"登录攻击告警：地址 {refusal.target} 登录失败过多，已限流"
        body = "该地址在短时间内用多个账号反复登录失败，已暂停受理其登录请求。"
    else:
        title = f"登录攻击告警：账号“{refusal.target}”正被多个地址猜测密码，已减速"
        body = "该账号的登录尝试须逐次等待更长时间；本人从常用地址登录不受影响。"
    with transaction.atomic():
        audit.record(
            "auth.throttle",
            username=refusal.target if refusal.kind == "username" else "",
            object_type="accounts.user" if refusal.kind == "username" else "auth.address",
            object_id=refusal.target[:64],
            result="denied",
            reason=f"{refusal.kind}: {refusal.message}",
        )
        notify(
            selectors.holders_of(NOTIFY_PERMISSION),
            title=title,
            body=body,
            link="/accounts/security/lockouts/",
            level=Notification.Level.DANGER,
        )
