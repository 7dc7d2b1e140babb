"""PostgreSQL triggers that keep a stored search vector current on every insert and
update (bulk loads included), and the GIN index that searches it. Used by migrations;
on other databases they do nothing."""


def _names(table: str) -> tuple[str, str, str]:
    return f"{table}_search_vector_fn", f"{table}_search_vector_tr", f"{table}_search_vector_gin"


def create(
    schema_editor, *, table: str, expression: str, columns: list[str], index: bool = True
) -> None:
    """``expression``: the tsvector, in terms of ``NEW``; ``columns``: those it reads;
    ``index``: create the GIN index too (False when the table already has one)."""
    if schema_editor.connection.vendor != "postgresql":
        return
    function, trigger, index_name = _names(table)
    schema_editor.execute(
        f"""
        CREATE OR REPLACE FUNCTION {function}() RETURNS trigger AS $$
        BEGIN
            NEW.search_vector := {expression};
            RETURN NEW;
        END
        $$ LANGUAGE plpgsql;
        DROP TRIGGER IF EXISTS {trigger} ON {table};
        CREATE TRIGGER {trigger} BEFORE INSERT OR UPDATE OF {", ".join(columns)} ON {table}
            FOR EACH ROW EXECUTE FUNCTION {function}();
        UPDATE {table} SET {columns[0]} = {columns[0]};
        """
    )
    if index:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name} ON {table} USING gin (search_vector)"
        )


def drop(schema_editor, *, table: str) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    function, trigger, index = _names(table)
    schema_editor.execute(
        f"""
        DROP INDEX IF EXISTS {index};
        DROP TRIGGER IF EXISTS {trigger} ON {table};
        DROP FUNCTION IF EXISTS {function}();
        """
    )
