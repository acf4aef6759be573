"""In-app messages, created when the surrounding transaction commits."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from .models import Notification


def notify(
    recipients: Iterable,
    *,
    title: str,
    body: str = "",
    link: str = "",
    level: str = Notification.Level.INFO,
    key: str | None = None,
) -> None:
    """Queue a message to each recipient; with `key`, a recipient gets it once, ever."""
    ids = sorted({getattr(r, "pk", r) for r in recipients if r is not None})
    if not ids:
        return

    def send() -> None:
        Notification.objects.bulk_create(
            [
                Notification(
                    recipient_id=i, title=title, body=body, link=link, level=level, key=key
                )
                for i in ids
            ],
            ignore_conflicts=key is not None,
        )

    transaction.on_commit(send)


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def latest_for(user, limit: int = 8):
    return Notification.objects.filter(recipient=user).order_by("-created_at", "-id")[:limit]
