"""Which demo object each persona's requests use: one in their scope ("mine"), one outside it
("theirs"), chosen from where the demo data puts things (not from the scoping code)."""

from __future__ import annotations

from tests.route_matrix import MINE
from tests.scopes import BRIDGE, BUILD, CHEM, WEST

# persona -> (an enterprise in scope, one outside it); None where no such enterprise exists
# (the city officer sees the whole demo city; the administrators and the public see no
# business records, so they ask for one outside their scope).
ENTERPRISES = {
    "city": (CHEM, None),
    "district": (CHEM, WEST),
    "district_b": (WEST, CHEM),
    "township": (CHEM, BRIDGE),
    "sector": (BUILD, CHEM),  # same township, another sector
    "grid": (CHEM, BRIDGE),
    "ent_manager": (CHEM, WEST),
    "ent_principal": (CHEM, WEST),
    "other_ent": (WEST, CHEM),
    "sysadmin": (None, CHEM),
    "secadmin": (None, CHEM),
    "auditadmin": (None, CHEM),
    "public": (None, CHEM),
}

# The reference data the administrators keep (regions, grids, sectors, organisations) is not
# scoped for them: they ask for the chemical enterprise's and have nothing outside.
REFERENCE = {"region", "grid", "sector", "organisation"}
ADMIN_PERSONAS = {"sysadmin", "secadmin", "auditadmin"}

# The sector officer's department sees regions and organisations of its whole district.
AWAY_BY_KIND = {
    ("region", "sector"): WEST,
    ("organisation", "sector"): WEST,
    ("inspection_plan", "sector"): WEST,  # a plan is its district office's: the other district's
}


def _first(qs):
    row = qs.order_by("pk").first()
    return None if row is None else row.pk


def _hazard(e):
    from anjian.hazards.models import Hazard

    return _first(Hazard.objects.filter(enterprise=e, status="reported"))


def _signature(e):
    from anjian.core.models import TransitionRecord
    from anjian.hazards.models import Hazard

    hazard = Hazard.objects.filter(enterprise=e).order_by("pk").first()
    record = TransitionRecord.objects.filter(
        content_type__model="hazard", object_id=str(hazard.pk), signature__isnull=False
    ).first()
    return {"pk": hazard.pk, "signature_id": record.signature_id}


def _attachment(e):
    from anjian.core.models import Attachment
    from anjian.hazards.models import Hazard

    hazard = Hazard.objects.filter(enterprise=e).order_by("pk").first()
    item = Attachment.objects.filter(content_type__model="hazard", object_id=str(hazard.pk))
    item = item.order_by("pk").first()
    return item.uuid


def _model(path: str, **lookup):
    def get(e):
        from django.apps import apps

        return _first(apps.get_model(path).objects.filter(enterprise=e, **lookup))

    return get


def _organisation(e):
    from anjian.accounts.models import Organisation

    return _first(Organisation.objects.filter(enterprise=e))


def _inspection_plan(e):
    """The yearly plan of the enterprise's district office."""
    from anjian.inspections.models import InspectionPlan

    return _first(InspectionPlan.objects.filter(region_code=e.region_code[:6].ljust(12, "0")))


def _published_plan(e):
    """Any published plan: its public page is the same for everyone."""
    from anjian.inspections.models import InspectionPlan

    return _first(InspectionPlan.objects.filter(status="published"))


def _signed_visit(e):
    from anjian.inspections.models import VisitDocument

    doc = VisitDocument.objects.filter(inspection__enterprise=e).order_by("pk").first()
    return doc and (doc.inspection_id, doc.pk)


def _visit_paper(names: tuple[str, str]):
    def get(e):
        ids = _signed_visit(e)
        return ids and dict(zip(names, ids, strict=True))

    return get


def _inspection(e):
    """The enterprise's visit under way if any, else one led by `district` (the team the table
    names), else its first: teams drawn at random hold other officers."""
    from django.db.models import Case, IntegerField, Value, When

    from anjian.inspections.models import Inspection

    rank = Case(
        When(status="in_progress", then=Value(0)),
        When(members__role="lead", members__user__username="district", then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    row = Inspection.objects.filter(enterprise=e).annotate(rank=rank).order_by("rank", "pk").first()
    return None if row is None else row.pk


# object kind -> the object's URL value(s) at an enterprise
BY_ENTERPRISE = {
    "enterprise": lambda e: e.pk,
    "hazard": _hazard,
    "signature": _signature,
    "attachment": _attachment,
    "risk_point": _model("risks.RiskPoint"),
    "source": _model("risks.MajorHazardSource"),
    "mpoint": _model("monitoring.MonitoringPoint"),
    "alarm": _model("monitoring.Alarm"),
    "licence": _model("enterprises.Licence"),
    "inspection": _inspection,
    "person": _model("enterprises.KeyPerson"),
    "organisation": _organisation,
    "region": lambda e: e.region_code,
    "grid": lambda e: e.grid_id,
    "sector": lambda e: e.sector_id,
    "inspection_plan": _inspection_plan,
    "published_plan": _published_plan,
    "inspection_plan_key": lambda e: {"pk": _inspection_plan(e), "enterprise_id": e.pk},
    "signed_visit": lambda e: (_signed_visit(e) or (None,))[0],
    "visit_paper": _visit_paper(("pk", "doc")),
    "visit_paper_api": _visit_paper(("inspection_id", "doc_id")),
}


def make_objects(per_user: dict):
    """`objects(kind, persona, which)`: a URL value, or None when there is nothing to ask for.
    `per_user` holds the kinds that belong to one user: {kind: {persona: (mine, theirs)}}."""
    from anjian.enterprises.models import Enterprise

    by_name = {e.name: e for e in Enterprise.objects.filter(name__in=[CHEM, WEST, BUILD, BRIDGE])}
    cache: dict = {}

    def objects(kind: str, persona: str, which: str):
        if kind in per_user:
            mine, theirs = per_user[kind][persona]
            return mine if which == MINE else theirs
        pair = ENTERPRISES[persona]
        if kind in REFERENCE and persona in ADMIN_PERSONAS:
            pair = (CHEM, None)
        name = pair[0 if which == MINE else 1]
        if which != MINE:
            name = AWAY_BY_KIND.get((kind, persona), name)
        if name is None:
            return None
        if (kind, name) not in cache:
            cache[kind, name] = BY_ENTERPRISE[kind](by_name[name])
        return cache[kind, name]

    return objects
