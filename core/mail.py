"""Email through Django's tasks framework, so a slow or refusing mail server never
blocks or fails a request, and no message is lost.

Every message, from ``notify()`` below or from anything that calls Django's mail API
(allauth's confirmation and password-reset mails, the admin), is queued: the default
mailer is ``core.mail_backends.QueuedEmailBackend``, which enqueues ``deliver_email``.
The task sends with the ``delivery`` mailer (SMTP in production). A failed send is
tried again later (``RETRY_DELAYS``, more than a day in all); after the last attempt the
message is kept as an ``UndeliveredEmail`` that the secretariat sees, and can resend,
in the admin.
"""

import base64
import logging
import smtplib
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.tasks import task
from django.tasks.base import Task
from django.template.loader import render_to_string
from django.utils import timezone, translation

from .links import site_url
from .text import one_line

logger = logging.getLogger(__name__)

DELIVERY_MAILER = "delivery"
# Waits before attempts 2, 3, ...: 1 min, 5 min, 15 min, 1 h, 2 h, 4 h, 8 h, 12 h,
# about 27 hours from the first attempt to the last.
RETRY_DELAYS = (60, 5 * 60, 15 * 60, 60 * 60, 2 * 3600, 4 * 3600, 8 * 3600, 12 * 3600)
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1


def message_to_dict(message: EmailMessage) -> dict:
    """A JSON-serialisable copy of ``message`` (what the task queue stores)."""
    attachments = []
    for attachment in message.attachments:
        filename, content, mimetype = (
            (attachment.filename, attachment.content, attachment.mimetype)
            if hasattr(attachment, "filename")
            else attachment
        )
        if isinstance(content, str):
            content = content.encode()
        elif not isinstance(content, bytes):
            # A MIME part (rare: nothing in the portal attaches one); keep its bytes.
            content = content.as_bytes()
        attachments.append([filename, base64.b64encode(content).decode("ascii"), mimetype])
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": message.from_email,
        "to": list(message.to),
        "cc": list(message.cc),
        "bcc": list(message.bcc),
        "reply_to": list(message.reply_to),
        "headers": {key: str(value) for key, value in message.extra_headers.items()},
        "alternatives": [
            [str(getattr(alt, "content", alt[0])), getattr(alt, "mimetype", alt[1])]
            for alt in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
        "content_subtype": message.content_subtype,
    }


def message_from_dict(data: dict) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data.get("from_email") or settings.DEFAULT_FROM_EMAIL,
        to=data.get("to") or [],
        cc=data.get("cc") or [],
        bcc=data.get("bcc") or [],
        reply_to=data.get("reply_to") or [],
        headers=data.get("headers") or {},
    )
    message.content_subtype = data.get("content_subtype", "plain")
    for content, mimetype in data.get("alternatives", []):
        message.attach_alternative(content, mimetype)
    for filename, content, mimetype in data.get("attachments", []):
        message.attach(filename, base64.b64decode(content), mimetype)
    return message


def _is_permanent(error: Exception) -> bool:
    """The server refused every recipient for good (5xx): trying again cannot help."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _reason in error.recipients.values())
    return False


def _schedule_retry(data: dict, attempt: int) -> bool:
    """Queue attempt ``attempt + 1`` after its delay; False when the task backend
    cannot run work later (the immediate backend of development and tests)."""
    from django.tasks import task_backends

    backend = task_backends[deliver_email.backend]
    if not backend.supports_defer:
        return False
    run_after = timezone.now() + timedelta(seconds=RETRY_DELAYS[attempt - 1])
    deliver_email.using(run_after=run_after).enqueue(message=data, attempt=attempt + 1)
    return True


def send_now(data: dict, *, attempt: int = 1) -> str:
    """Send one serialised message with the delivery mailer, scheduling a retry or
    keeping it as undelivered when that fails. Never raises for a mail error."""
    from .models import UndeliveredEmail

    try:
        message_from_dict(data).send(using=DELIVERY_MAILER)
    except Exception as error:
        reason = f"{type(error).__name__}: {error}"
        final = attempt >= MAX_ATTEMPTS or _is_permanent(error)
        if not final and _schedule_retry(data, attempt):
            logger.warning(
                "Email not sent (attempt %s of %s), will retry: %s",
                attempt,
                MAX_ATTEMPTS,
                reason,
                extra={"email_to": ", ".join(data.get("to", [])), "attempt": attempt},
            )
            return "retry"
        UndeliveredEmail.objects.create(
            subject=data.get("subject", "")[:255],
            recipients=", ".join(data.get("to", []) + data.get("cc", []) + data.get("bcc", [])),
            message=data,
            error=reason,
            attempts=attempt,
        )
        logger.error(
            "Email not delivered after %s attempt(s): %s",
            attempt,
            reason,
            extra={"email_to": ", ".join(data.get("to", [])), "attempt": attempt},
        )
        return "undelivered"
    return "sent"


@task
def deliver_email(*, message: dict, attempt: int = 1) -> str:
    """Send a message queued by ``QueuedEmailBackend`` (see the module docstring)."""
    return send_now(message, attempt=attempt)


@task
def send_templated_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    language: str = "id",
    attachments: list[dict] | None = None,
    headers: dict | None = None,
) -> str:
    """Render ``<template>_subject.txt`` and ``<template>_body.txt`` (and
    ``<template>_body.html`` when it exists) in ``language`` and send them.
    ``context`` must be JSON-serialisable: pass names, URLs and texts, not objects.
    ``attachments`` are dicts with ``filename``, ``content`` (text) and ``mimetype``."""
    with translation.override(language):
        context = {"SITE_URL": site_url(), **context}
        subject = render_to_string(f"{template}_subject.txt", context).strip()
        body = render_to_string(f"{template}_body.txt", context)
        message = EmailMultiAlternatives(
            subject=one_line(subject),
            body=body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=to,
            headers=headers or None,
        )
        for attachment in attachments or []:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return send_now(message_to_dict(message))


def enqueue(task_: Task, **kwargs) -> None:
    """Queue ``task_``; a queue that cannot take it is logged, never raised to the
    request that sends the mail."""
    try:
        task_.enqueue(**kwargs)
    except Exception:
        logger.exception("Email could not be queued", extra={"task": task_.module_path})


def notify(*, to: list[str], **message) -> None:
    """Queue an email: the arguments of ``send_templated_email`` (template, context,
    language, attachments, headers). Empty addresses are dropped; with no address
    left nothing is queued. With the immediate backend (the default) it is sent at once."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    # Empty optional parts stay out of the queued task's arguments.
    message = {key: value for key, value in message.items() if value or key == "context"}
    enqueue(send_templated_email, to=recipients, **message)


def resend_undelivered(*, emails) -> int:
    """Queue the messages of the given ``UndeliveredEmail`` rows again (admin action)."""
    count = 0
    for email in emails:
        if email.resent_at is not None:
            continue
        transaction.on_commit(partial(enqueue, deliver_email, message=email.message, attempt=1))
        email.resent_at = timezone.now()
        email.save(update_fields=["resent_at"])
        count += 1
    return count
