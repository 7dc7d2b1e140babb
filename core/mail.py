"""Email sent through Django's tasks framework, so a slow mail server never blocks a
request. Templates are rendered in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.tasks import task
from django.template.loader import render_to_string
from django.utils import translation

from .links import site_url
from .text import one_line


@task
def send_templated_email(
    *,
    to: list[str],
    template: str,
    context: dict,
    language: str = "id",
    attachments: list[dict] | None = None,
) -> None:
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
        )
        for attachment in attachments or []:
            message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
        message.send()


def notify(
    *,
    to: list[str],
    template: str,
    context: dict,
    language: str = "id",
    attachments: list[dict] | None = None,
) -> None:
    """Queue an email. With the immediate backend (the default) it is sent at once."""
    recipients = [address for address in to if address]
    if not recipients:
        return
    extra = {"attachments": attachments} if attachments else {}
    send_templated_email.enqueue(
        to=recipients, template=template, context=context, language=language, **extra
    )
