"""Send reads to the read replica when one is configured (DATABASE_REPLICA_URL)."""

from django.db import connections


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # Inside a transaction (a service writing, select_for_update) read from the primary,
        # so a request sees what it just wrote.
        if connections["default"].in_atomic_block:
            return "default"
        return "replica"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
