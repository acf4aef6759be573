"""The ticket pages, every one generated from the declarations in `records`."""

from anjian.core.records.urls import patterns

from .records import DETAIL, EXPORT, FORM, IMPORT, SCREEN, TICKETS

URL_PREFIX = "tickets/"
app_name = "tickets"
urlpatterns = patterns(
    TICKETS, detail=DETAIL, form=FORM, screen=SCREEN, export=EXPORT, sheet_import=IMPORT
)
