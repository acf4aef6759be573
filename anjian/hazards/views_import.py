"""Importing the hazards of a campaign (专项检查) from a spreadsheet: the page and its template."""

from __future__ import annotations

from anjian.core.permissions import permission_required_audited
from anjian.core.records.sheet_views import import_page, template_page

from . import imports

IMPORT = "hazards.import_hazard"
import_template = permission_required_audited(IMPORT)(template_page(imports.SHEET))
hazard_import = permission_required_audited(IMPORT)(
    import_page(imports.SHEET, template="hazards/import.html", success_url="hazards:import")
)
