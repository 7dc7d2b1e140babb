"""Background work for events, queued through django.tasks."""

from django.tasks import task


@task
def send_change_notices(*, event_id: int, sequence: int) -> int:
    from .services import change_notices_send

    return change_notices_send(event_id=event_id, sequence=sequence)
