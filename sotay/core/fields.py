"""Model fields that every app may use."""

from django.db import models


class CodePointOrderField(models.CharField):
    """Text compared by code point on every database, as a sort key built for that needs.

    SQLite compares bytes already; PostgreSQL gets the "C" collation, whatever the database's
    own (a locale collation would skip the key's spaces and fold its case).
    """

    def db_parameters(self, connection):
        parameters = super().db_parameters(connection)
        if connection.vendor == "postgresql":
            parameters["collation"] = "C"
        return parameters
