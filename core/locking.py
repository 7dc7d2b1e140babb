"""Row locks for the services that write."""


def lock_row(instance, *related):
    """``instance`` read again from the database with its row locked until the transaction
    ends (``select_for_update``), with the ``related`` foreign keys joined: the state a
    write decides on, which no concurrent request can change meanwhile."""
    queryset = type(instance)._default_manager.select_for_update()
    if related:
        queryset = queryset.select_related(*related)
    return queryset.get(pk=instance.pk)
