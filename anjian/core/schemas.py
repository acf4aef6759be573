"""Shared API schema pieces."""

from __future__ import annotations

from typing import Generic, Literal, TypeVar

from ninja import Schema
from pydantic import Field

T = TypeVar("T")


class ErrorOut(Schema):
    code: str
    message: str
    details: dict = Field(default_factory=dict)


class Page(Schema, Generic[T]):
    items: list[T]
    next_cursor: str | None = None
    count: int | None = None


class PageQuery(Schema):
    cursor: str | None = Field(default=None, description="上一页返回的 next_cursor")
    limit: int = Field(default=50, ge=1, le=200, description="每页条数，1–200")
    with_count: bool = Field(default=False, description="为 true 时返回匹配总数 count")


ERRORS = {400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


class SignatureIn(Schema):
    method: Literal["account", "handwritten"]
    image: str | None = Field(None, description="手写签名：PNG/JPEG 的 data URL")
