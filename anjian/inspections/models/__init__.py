"""The inspections app's tables, one module per part (see each module's docstring)."""

from .classes import CapOverride, EnterpriseClass
from .draws import Draw
from .items import HazardDescription, InspectionItem, ItemList
from .officers import InspectorConflict, InspectorProfile
from .papers import Recheck, VisitDocument, VisitMeasure, VisitSigning
from .plans import InspectionPlan
from .ratings import VisitRating
from .visits import Finding, Inspection, InspectionMember, Violation

__all__ = [
    "CapOverride",
    "Draw",
    "EnterpriseClass",
    "Finding",
    "HazardDescription",
    "Inspection",
    "InspectionItem",
    "InspectionMember",
    "InspectionPlan",
    "InspectorConflict",
    "InspectorProfile",
    "ItemList",
    "Recheck",
    "Violation",
    "VisitDocument",
    "VisitMeasure",
    "VisitRating",
    "VisitSigning",
]
