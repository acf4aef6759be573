"""Demo data of the inspections app: each part seeds its own step (see the seeds_* modules)."""

from . import seeds_draws, seeds_items, seeds_papers, seeds_plans, seeds_ratings, seeds_visits

__all__ = [
    "seeds_draws",
    "seeds_items",
    "seeds_papers",
    "seeds_plans",
    "seeds_ratings",
    "seeds_visits",
]
