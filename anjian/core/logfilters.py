"""Logging filters used by the settings' LOGGING."""

from __future__ import annotations

import logging


class ClientErrorFilter(logging.Filter):
    """A refused request (4xx) is logged as one line: its traceback says nothing about a fault of
    the server and would bury the real errors."""

    def filter(self, record: logging.LogRecord) -> bool:
        status = getattr(record, "status_code", None)
        if isinstance(status, int) and 400 <= status < 500:
            record.exc_info = None
            record.exc_text = None
        return True
