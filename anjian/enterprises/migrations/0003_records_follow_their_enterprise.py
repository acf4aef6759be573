"""Bring back the records that earlier moves left in their enterprise's old jurisdiction.

Before moves re-scoped records, a hazard, risk point, major hazard source, monitoring point or
alarm kept the region, sector and grid its enterprise had when the record was saved. This
copies each enterprise's current scope onto those of its records whose copy differs (only
those rows are written).
"""

from django.db import migrations
from django.db.models import F, OuterRef, Q, Subquery

COPIES = [
    ("hazards", "Hazard"),
    ("risks", "RiskPoint"),
    ("risks", "MajorHazardSource"),
    ("monitoring", "MonitoringPoint"),
    ("monitoring", "Alarm"),
]


def stale(model):
    """Rows whose region, sector or grid differs from their enterprise's (grid may be empty)."""
    grid_differs = (
        Q(grid_id__isnull=True, enterprise__grid_id__isnull=False)
        | Q(grid_id__isnull=False, enterprise__grid_id__isnull=True)
        | (
            Q(grid_id__isnull=False, enterprise__grid_id__isnull=False)
            & ~Q(grid_id=F("enterprise__grid_id"))
        )
    )
    return model.objects.filter(
        ~Q(region_code=F("enterprise__region_code"))
        | ~Q(sector_id=F("enterprise__sector_id"))
        | grid_differs
    )


def follow(apps, schema_editor):
    enterprise = apps.get_model("enterprises", "Enterprise").objects.filter(
        pk=OuterRef("enterprise_id")
    )
    values = {
        column: Subquery(enterprise.values(column)[:1])
        for column in ("region_code", "sector_id", "grid_id")
    }
    for app_label, name in COPIES:
        model = apps.get_model(app_label, name)
        ids = list(stale(model).values_list("pk", flat=True))
        for start in range(0, len(ids), 500):
            model.objects.filter(pk__in=ids[start : start + 500]).update(**values)


class Migration(migrations.Migration):
    dependencies = [
        ("enterprises", "0002_enterprise_risk_grade_override_and_more"),
        ("hazards", "0002_hazard_recent_index"),
        ("monitoring", "0001_initial"),
        ("risks", "0002_export_permission"),
    ]

    operations = [migrations.RunPython(follow, migrations.RunPython.noop)]
