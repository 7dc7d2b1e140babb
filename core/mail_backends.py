"""The default mailer: queue every message instead of sending it in the request."""

from django.core.mail.backends.base import BaseEmailBackend

from .mail import deliver_email, enqueue, message_to_dict


class QueuedEmailBackend(BaseEmailBackend):
    """Enqueue ``core.mail.deliver_email`` for each message; the ``delivery`` mailer
    sends it from the task worker, with retries.

    Messages are queued at once rather than after commit: with the database queue the
    task row commits, or rolls back, together with the write that caused the mail."""

    def send_messages(self, email_messages):
        count = 0
        for message in email_messages:
            if not message.recipients():
                continue
            enqueue(deliver_email, message=message_to_dict(message))
            count += 1
        return count
