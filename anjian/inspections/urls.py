"""Inspection pages, mounted at /inspections/ in the `inspections` namespace; each part of the
app keeps its own routes (urls_items, urls_plans, urls_draws, urls_visits, urls_papers,
urls_ratings)."""

from . import urls_draws, urls_items, urls_papers, urls_plans, urls_ratings, urls_visits

URL_PREFIX = "inspections/"
app_name = "inspections"
urlpatterns = [
    *urls_items.urlpatterns,
    *urls_plans.urlpatterns,
    *urls_draws.urlpatterns,
    *urls_visits.urlpatterns,
    *urls_papers.urlpatterns,
    *urls_ratings.urlpatterns,
]
