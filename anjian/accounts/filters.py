"""Filter definitions of the account and organisation lists (the admin pages and the API)."""

from __future__ import annotations

from typing import ClassVar

from django.db.models import Q
from pydantic import Field

from anjian.core.records.filters import FilterSet

from .choices import ClaimStatus, OrgKind


class UserFilters(FilterSet):
    q: str | None = Field(default=None, max_length=100, description="用户名或姓名")
    organisation: int | None = Field(default=None, description="单位 id")

    exact: ClassVar = {"organisation": "organisation_id"}
    sorts: ClassVar = {"username": ("username",)}
    default_sort: ClassVar = "username"

    def match(self, text: str) -> Q:
        return Q(username__icontains=text) | Q(display_name__contains=text)


class OrganisationFilters(FilterSet):
    kind: OrgKind | None = None
    region: str | None = Field(default=None, description="区划代码（含下级）")
    q: str | None = Field(default=None, max_length=100, description="单位名称")

    region_field: ClassVar = "region_code"
    exact: ClassVar = {"kind": "kind"}
    search: ClassVar = ("name",)
    sorts: ClassVar = {"region": ("region_code", "name")}
    default_sort: ClassVar = "region"


class ClaimFilters(FilterSet):
    status: ClaimStatus | None = None
    q: str | None = Field(default=None, max_length=100, description="单位名称或统一社会信用代码")

    exact: ClassVar = {"status": "status"}
    search: ClassVar = ("enterprise_name", "credit_code")
    sorts: ClassVar = {"-id": ("-id",)}
    default_sort: ClassVar = "-id"
