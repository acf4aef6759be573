"""The inspections API: one router gathering the routers of the app's parts."""

from ninja import Router

from . import api_draws, api_items, api_papers, api_plans, api_ratings, api_visits

router = Router()
for part in (api_items, api_plans, api_draws, api_visits, api_papers, api_ratings):
    router.add_router("", part.router)
