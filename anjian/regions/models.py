"""The region tree and the grids of township safety work."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from anjian.core.base import TimeStampedModel
from anjian.core.scoping import ScopedQuerySet, ScopeRule

from .choices import Level


class Region(TimeStampedModel):
    """区划: a province, city, county, township or village, keyed by its 12-digit code."""

    code = models.CharField(_("区划代码"), max_length=12, unique=True)
    prefix = models.CharField(_("辖区前缀"), max_length=12, db_index=True)
    name = models.CharField(_("名称"), max_length=60)
    level = models.CharField(_("级别"), max_length=10, choices=Level)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="children"
    )
    is_active = models.BooleanField(_("启用"), default=True)
    # The bounding box (外接矩形) in decimal degrees, used to check that a place registered in the
    # region lies in it; a region without one inherits its nearest ancestor's.
    bbox_west = models.DecimalField(
        _("西边界经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    bbox_south = models.DecimalField(
        _("南边界纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    bbox_east = models.DecimalField(
        _("东边界经度"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    bbox_north = models.DecimalField(
        _("北边界纬度"), max_digits=9, decimal_places=6, null=True, blank=True
    )

    # A region is visible to whoever's jurisdiction contains it (administrators see them all).
    objects = ScopedQuerySet.as_manager()
    scope = ScopeRule(region="code", admin_sees_all=True, enterprise_sees_region=True)

    class Meta:
        verbose_name = _("区划")
        verbose_name_plural = _("区划")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def full_name(self) -> str:
        names: list[str] = []
        node: Region | None = self
        while node is not None:
            names.append(node.name)
            node = node.parent
        return "".join(reversed(names))


class Grid(TimeStampedModel):
    """网格: a patrol area inside a township, with a named responsible person."""

    township = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="grids")
    region_code = models.CharField(max_length=12, db_index=True)
    code = models.CharField(_("网格编码"), max_length=20, unique=True)
    name = models.CharField(_("网格名称"), max_length=60)
    responsible_name = models.CharField(_("网格责任人"), max_length=30)
    responsible_phone = models.CharField(_("联系电话"), max_length=20, blank=True)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_active = models.BooleanField(_("启用"), default=True)

    objects = ScopedQuerySet.as_manager()
    scope = ScopeRule(region="region_code", grid="id", admin_sees_all=True)

    class Meta:
        verbose_name = _("网格")
        verbose_name_plural = _("网格")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Boundary(models.Model):
    """边界: the outline of one region or one grid, drawn as the map's base layer or overlay.

    A GeoJSON Polygon or MultiPolygon in WGS 84 / CGCS2000 longitude and latitude, checked by
    `geometry.check_boundary`. Kept apart from the region and grid rows, which are joined to
    almost every record, so that an outline of thousands of points is read only by the map.
    """

    region = models.OneToOneField(
        Region, on_delete=models.CASCADE, null=True, blank=True, related_name="boundary"
    )
    grid = models.OneToOneField(
        Grid, on_delete=models.CASCADE, null=True, blank=True, related_name="boundary"
    )
    geometry = models.JSONField(_("边界"))
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("边界")
        verbose_name_plural = _("边界")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(region__isnull=False, grid__isnull=True)
                | models.Q(region__isnull=True, grid__isnull=False),
                name="boundary_of_one_region_or_grid",
            )
        ]

    def __str__(self) -> str:
        return f"{self.region or self.grid}边界"


class Sector(models.Model):
    """监管行业: a supervision sector (危险化学品, 建筑施工…), editable by the system administrator."""

    code = models.SlugField(_("代码"), max_length=30, unique=True)
    name = models.CharField(_("名称"), max_length=30, unique=True)
    order = models.PositiveSmallIntegerField(_("排序"), default=100)
    is_active = models.BooleanField(_("启用"), default=True)

    class Meta:
        verbose_name = _("监管行业")
        verbose_name_plural = _("监管行业")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.name
