"""Writing many rows at once: one statement run many times (executemany), whatever the count.

QuerySet.bulk_create splits its rows into batches by the database's parameter limit (999 on
SQLite: about 80 history rows a statement), so a whole register's history would take hundreds
of statements; executemany sends one statement and every row's values.
"""

from collections.abc import Sequence

from django.db import connection
from django.db.models import AutoField, Model


def insert_in_bulk(rows: Sequence[Model]) -> None:
    """INSERT ``rows`` (of one model, none saved yet) without reading their new primary keys."""
    if not rows:
        return
    meta = type(rows[0])._meta
    fields = [
        field
        for field in meta.concrete_fields
        if field.column is not None and not isinstance(field, AutoField)
    ]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields if field.column is not None)
    values = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({values})"
    params = [
        [field.get_db_prep_save(field.pre_save(row, True), connection) for field in fields]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
