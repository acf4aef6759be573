from .records import router

__all__ = ["router"]
