"""Who is acting and from where, for the audit log, without passing the request into services."""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestMeta:
    request_id: str = ""
    ip: str = ""
    user_agent: str = ""


_EMPTY = RequestMeta()
_current: ContextVar[RequestMeta] = ContextVar("anjian_request_meta", default=_EMPTY)


def current() -> RequestMeta:
    return _current.get()


def set_current(meta: RequestMeta):
    return _current.set(meta)


def reset(token) -> None:
    _current.reset(token)
