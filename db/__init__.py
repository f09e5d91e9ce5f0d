"""Storage: plain sqlite3, with sqlite-utils for migrations. Knows tables, not rules.

Nothing in this package imports the rest of the project.
"""

from db.connection import (
    DatabaseError,
    DatabaseLockedError,
    NewerSchemaError,
    NotOurDatabaseError,
    ReadOnlyDatabaseError,
    TimeLimitError,
    UntrustedSchemaError,
    connect,
    connect_for_reading,
    create,
    query,
    query_one,
    transaction,
)
from db.schema import SCHEMA_VERSION

__all__ = [
    "SCHEMA_VERSION",
    "DatabaseError",
    "DatabaseLockedError",
    "NewerSchemaError",
    "NotOurDatabaseError",
    "ReadOnlyDatabaseError",
    "TimeLimitError",
    "UntrustedSchemaError",
    "connect",
    "connect_for_reading",
    "create",
    "query",
    "query_one",
    "transaction",
]
