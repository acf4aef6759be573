"""Maps: the background every map page draws its markers on."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse


def tile_settings() -> dict:
    """The map background: a tile server if configured, otherwise the region boundaries alone."""
    conf = settings.ANJIAN
    return {
        "url": conf.get("MAP_TILE_URL", ""),
        "attribution": conf.get("MAP_TILE_ATTRIBUTION", ""),
        "subdomains": conf.get("MAP_TILE_SUBDOMAINS", "") or "abc",
        # GeoJSON of the regions and grids in the user's scope: the base map or an overlay.
        "boundaries": reverse("api:boundaries"),
    }
