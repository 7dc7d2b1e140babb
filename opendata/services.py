"""Write the datasets to storage (CSV with a byte-order mark, JSON Lines) with a manifest
of their sizes and dates. Run by `manage.py publish_opendata` from a timer and, after a
change to the content, by a queued task."""

import csv
import io
import json

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.tasks import task
from django.utils import timezone, translation

from core.spreadsheet import BOM, csv_safe

from .datasets import DATASETS, Dataset

FOLDER = "opendata"
MANIFEST = f"{FOLDER}/manifest.json"
CONTENT_APPS = {"members", "events", "practices"}


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(str(item) for item in value)
    if isinstance(value, str):
        return csv_safe(value)
    return str(value)


def render(dataset: Dataset) -> tuple[str, str, int]:
    """The dataset as CSV text and as JSON Lines text, and its number of rows."""
    table = io.StringIO()
    writer = csv.writer(table, lineterminator="\r\n")
    writer.writerow([column.name for column in dataset.columns])
    lines = []
    count = 0
    for obj in dataset.rows().iterator(chunk_size=500):
        record = dataset.record(obj)
        writer.writerow([csv_cell(value) for value in record.values()])
        lines.append(json.dumps(record, ensure_ascii=False))
        count += 1
    return BOM + table.getvalue(), "".join(f"{line}\n" for line in lines), count


def _replace(name: str, text: str) -> int:
    data = text.encode("utf-8")
    if default_storage.exists(name):
        default_storage.delete(name)
    default_storage.save(name, ContentFile(data))
    return len(data)


def datasets_publish() -> dict:
    """Write every dataset in both formats and the manifest; return the manifest."""
    now = timezone.now()
    manifest = {"generated_at": now.isoformat(), "datasets": {}}
    with translation.override(settings.LANGUAGE_CODE):
        for name, dataset in DATASETS.items():
            csv_text, jsonl_text, rows = render(dataset)
            files = {}
            for extension, text in (("csv", csv_text), ("jsonl", jsonl_text)):
                path = f"{FOLDER}/{name}.{extension}"
                files[extension] = {"path": path, "size": _replace(path, text)}
            manifest["datasets"][name] = {"rows": rows, "files": files}
    _replace(MANIFEST, json.dumps(manifest, indent=2))
    return manifest


def read_manifest() -> dict | None:
    try:
        with default_storage.open(MANIFEST, "rb") as handle:
            return json.loads(handle.read().decode("utf-8"))
    except (FileNotFoundError, OSError, ValueError):
        return None


def manifest_or_publish() -> dict:
    """The manifest; on a fresh installation the files are written first."""
    return read_manifest() or datasets_publish()


@task
def publish_datasets() -> None:
    datasets_publish()


def _enqueue_publish() -> None:
    publish_datasets.enqueue()


def content_changed(**kwargs) -> None:
    """After a change to the content, regenerate the files once the transaction commits:
    once per transaction, however many rows it touched."""
    if not getattr(settings, "OPENDATA_PUBLISH_ON_CHANGE", True):
        return
    sender = kwargs.get("sender")
    if sender is not None and sender._meta.app_label not in CONTENT_APPS:
        return
    connection = transaction.get_connection()
    if any(item[1] is _enqueue_publish for item in connection.run_on_commit):
        return
    transaction.on_commit(_enqueue_publish)


def connect_signals() -> None:
    from django.apps import apps
    from django.db.models.signals import m2m_changed, post_delete, post_save

    for model in apps.get_models():
        if model._meta.app_label in CONTENT_APPS:
            label = model._meta.label
            post_save.connect(content_changed, sender=model, dispatch_uid=f"opendata-{label}-s")
            post_delete.connect(content_changed, sender=model, dispatch_uid=f"opendata-{label}-d")
    m2m_changed.connect(content_changed, dispatch_uid="opendata-m2m")
