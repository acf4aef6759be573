"""Bulk writes prepared before the write transaction, so that it holds the lock only briefly.

Turning tens of thousands of objects into SQL parameters (defaults, encryption of personal
fields, JSON) is Python work that need not happen while SQLite's single write lock is held
and every other user's write waits. `reserve_ids` takes the new rows' primary keys from the
table's own sequence first (so audit events can name them), `prepare_insert` builds each
row's parameters, and inside the transaction `PreparedRows.execute` only runs one INSERT per
row through the driver's executemany.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction

CHUNK = 2000  # rows per executemany call


@dataclass(frozen=True)
class PreparedRows:
    table: str  # quoted
    columns: str  # quoted, comma-separated
    params: Sequence[tuple[Any, ...]]

    def execute(self) -> int:
        """Insert every row, in the caller's transaction: SQLite runs one INSERT per row in the
        driver's loop; PostgreSQL streams the rows with COPY."""
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                copy_sql = f"COPY {self.table} ({self.columns}) FROM STDIN"
                # the driver's own cursor: its errors become Django's (IntegrityError…) here
                with connection.wrap_database_errors, cursor.cursor.copy(copy_sql) as copy:
                    for row in self.params:
                        copy.write_row(row)
                return len(self.params)
            marks = ", ".join(["%s"] * len(self.params[0])) if self.params else ""
            sql = f"INSERT INTO {self.table} ({self.columns}) VALUES ({marks})"  # noqa: S608
            for start in range(0, len(self.params), CHUNK):
                cursor.executemany(sql, self.params[start : start + CHUNK])
        return len(self.params)


def reserve_ids(model: type[models.Model], count: int) -> list[int]:
    """`count` primary keys for new rows, from the table's sequence, in a short transaction of
    their own; no other row will ever take them (an unused one is a gap, as after a rollback).
    """
    if count <= 0:
        return []
    table = model._meta.db_table
    column = str(model._meta.pk.column)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                [table, column, count],
            )
            return sorted(row[0] for row in cursor.fetchall())
        # SQLite's AUTOINCREMENT never hands out an id at or below sqlite_sequence's value.
        quoted = connection.ops.quote_name(table)
        cursor.execute("SELECT seq FROM sqlite_sequence WHERE name = %s", [table])
        row = cursor.fetchone()
        if row is None:
            highest = f"SELECT COALESCE(MAX({connection.ops.quote_name(column)}), 0) FROM {quoted}"  # noqa: S608
            cursor.execute(highest)
            start = cursor.fetchone()[0]
            cursor.execute(
                "INSERT INTO sqlite_sequence (name, seq) VALUES (%s, %s)", [table, start + count]
            )
        else:
            start = row[0]
            cursor.execute(
                "UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [start + count, table]
            )
    return list(range(start + 1, start + count + 1))


def prepare_insert(model: type[models.Model], objs: Iterable[models.Model]) -> PreparedRows:
    """One INSERT and each object's parameters, as `save()` would write them (defaults,
    `auto_now_add`, field encryption). Objects with a primary key keep it; the others get
    theirs from the database (and are not told it)."""
    objs = list(objs)
    with_pk = bool(objs) and objs[0].pk is not None
    if any((obj.pk is not None) != with_pk for obj in objs):
        raise ValueError("prepare_insert: either every object has a primary key or none has")
    fields = [f for f in model._meta.concrete_fields if with_pk or not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(str(f.column)) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    params = [
        tuple(f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields) for obj in objs
    ]
    for obj in objs:
        obj._state.adding = False
    return PreparedRows(table, columns, params)


@dataclass(frozen=True)
class PreparedUpdate:
    sql: str
    params: Sequence[tuple[Any, ...]]

    def execute(self) -> int:
        """Run the prepared UPDATE for every row; returns how many rows it changed."""
        changed = 0
        with connection.cursor() as cursor:
            for start in range(0, len(self.params), CHUNK):
                cursor.executemany(self.sql, self.params[start : start + CHUNK])
                changed += cursor.rowcount
        return changed


def prepare_update(
    model: type[models.Model],
    objs: Sequence[models.Model],
    fields: Sequence[str],
    *,
    versions: Sequence[int] | None = None,
) -> PreparedUpdate:
    """One UPDATE of `fields` by primary key and each object's parameters. With `versions`
    (each object's version as it was read), a row changed by someone since matches nothing,
    so `execute()` returns fewer rows than objects and the caller can refuse the write."""
    by_name = {f.name: f for f in model._meta.concrete_fields}
    concrete = [by_name[name] for name in fields]
    sets = ", ".join(f"{connection.ops.quote_name(str(f.column))} = %s" for f in concrete)
    table = connection.ops.quote_name(model._meta.db_table)
    where = f"{connection.ops.quote_name(str(model._meta.pk.column))} = %s"
    if versions is not None:
        where += f" AND {connection.ops.quote_name('version')} = %s"
    params = []
    for index, obj in enumerate(objs):
        values = [f.get_db_prep_save(f.pre_save(obj, False), connection) for f in concrete]
        values.append(obj.pk)
        if versions is not None:
            values.append(versions[index])
        params.append(tuple(values))
    return PreparedUpdate(f"UPDATE {table} SET {sets} WHERE {where}", params)  # noqa: S608
