"""PostgreSQL privileges for the application's own database role.

The role that serves requests may read and write business tables but may only INSERT and SELECT
the audit tables: an attacker with the application's credentials cannot rewrite history.
Migrations run as the owner role; the application connects as this role.
"""

from __future__ import annotations

from django.apps import apps
from django.db import connection

AUDIT_TABLES = ("core_auditevent", "core_auditseal")


def _quote(name: str) -> str:
    return connection.ops.quote_name(name)


def grant_statements(role: str) -> list[str]:
    role_q = _quote(role)
    tables = sorted(m._meta.db_table for m in apps.get_models() if m._meta.managed)
    statements = [f"GRANT USAGE ON SCHEMA public TO {role_q};"]
    for table in tables:
        writable = table not in AUDIT_TABLES
        privileges = "SELECT, INSERT, UPDATE, DELETE" if writable else "SELECT, INSERT"
        statements.append(f"REVOKE ALL ON {_quote(table)} FROM {role_q};")
        statements.append(f"GRANT {privileges} ON {_quote(table)} TO {role_q};")
    statements.append(f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role_q};")
    return statements
