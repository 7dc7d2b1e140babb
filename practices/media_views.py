"""The stored files of practices behind the practice's own permission check.

On a single server without an object store, nginx used to serve all of ``/media/`` publicly,
so the cover, gallery images (and their renditions), PDF attachments and replication evidence
of a draft could be read by anyone who guessed the path. ``/media/practices/...`` now reaches
this view instead (docs/deploy.md): the file is served when the practice it belongs to may be
seen by the requester (published: everyone; otherwise its city's approved staff and the
secretariat), and is a 404 otherwise. The URLs stay those of the storage (``/media/...``), so a
published file keeps its address.

The bytes are sent by nginx from an ``internal`` location (``X-Accel-Redirect`` to
``MEDIA_ACCEL_REDIRECT``) in production, and by Django itself (``FileResponse``) in development
or when that setting is empty. With an object store, files are linked with signed URLs and never
pass through here.
"""

import mimetypes
import re
from urllib.parse import quote

from django.conf import settings
from django.core.files.storage import default_storage
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.utils.cache import patch_cache_control, patch_vary_headers

from .models import Practice, Replication, RevisionAttachment, RevisionCover, RevisionImage
from .models.media import PracticeAttachment, PracticeImage

PREFIX = "practices/"
# A rendition is saved beside its original as "<stem>-<width>w.webp" (core.images), with the
# storage's random suffix when the name was taken.
RENDITION = re.compile(r"^(?P<stem>.+)-\d+w(?:_[A-Za-z0-9]+)?\.webp$")
PUBLIC_MAX_AGE = 24 * 60 * 60


def _picture_owner(queryset, field: str, name: str):
    """The row whose picture ``field`` is ``name`` or has ``name`` among its renditions."""
    query = Q(**{field: name})
    match = RENDITION.match(name)
    if match:
        query |= Q(**{f"{field}__startswith": match["stem"] + "."})
    for row in queryset.filter(query):
        if getattr(row, field).name == name or any(
            item.get("name") == name for item in row.renditions
        ):
            return row
    return None


def practice_for_file(name: str) -> Practice | None:
    """The practice a stored file belongs to, or None for a file of no practice."""
    folder = name.split("/", 2)[1] if name.count("/") >= 2 else ""
    if folder == "covers":
        return _picture_owner(Practice.objects.all(), "cover", name)
    if folder == "images":
        image = _picture_owner(PracticeImage.objects.select_related("practice"), "image", name)
        return image.practice if image else None
    if folder == "attachments":
        attachment = PracticeAttachment.objects.select_related("practice").filter(file=name)
        return next((row.practice for row in attachment[:1]), None)
    if folder == "replications":
        replication = Replication.objects.select_related("practice").filter(evidence_file=name)
        return next((row.practice for row in replication[:1]), None)
    return None


def staged_practice_for_file(name: str) -> Practice | None:
    """The practice whose open update added this file (not yet published), or None."""
    folder = name.split("/", 2)[1] if name.count("/") >= 2 else ""
    if folder in ("images", "covers"):
        model = RevisionImage if folder == "images" else RevisionCover
        image = _picture_owner(model.objects.select_related("revision__practice"), "image", name)
        return image.revision.practice if image else None
    if folder == "attachments":
        rows = RevisionAttachment.objects.select_related("revision__practice").filter(file=name)
        return next((row.revision.practice for row in rows[:1]), None)
    return None


def _send(name: str) -> HttpResponse:
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    accel = settings.MEDIA_ACCEL_REDIRECT
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    else:
        try:
            handle = default_storage.open(name, "rb")
        except (FileNotFoundError, ValueError):
            raise Http404 from None
        response = FileResponse(handle, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    if content_type == "application/pdf":
        response["Content-Disposition"] = "attachment"
    return response


def practice_file(request, name: str):
    """``/media/practices/<name>``: the file, if its practice may be seen by the requester."""
    name = PREFIX + name
    if ".." in name.split("/") or "\\" in name or "\x00" in name:
        raise Http404
    practice = practice_for_file(name)
    if practice is None:
        # A file added in an update under review: for the city's staff and the
        # secretariat only, even when the practice itself is published.
        staged = staged_practice_for_file(name)
        if staged is None or not staged.can_see_history(request.user):
            raise Http404
        response = _send(name)
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
        return response
    if not practice.can_view(request.user):
        raise Http404
    response = _send(name)
    if practice.is_published:
        patch_cache_control(response, public=True, max_age=PUBLIC_MAX_AGE)
    else:
        # A file of unpublished work: for this person only, never kept by a shared cache.
        patch_cache_control(response, private=True, no_store=True)
        patch_vary_headers(response, ["Cookie"])
    return response
