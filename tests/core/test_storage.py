import json

from core.storage import StaticFilesStorage


def manifest_storage(tmp_path, paths: dict) -> StaticFilesStorage:
    (tmp_path / "staticfiles.json").write_text(
        json.dumps({"version": "1.1", "paths": paths, "hash": "x"})
    )
    return StaticFilesStorage(location=str(tmp_path), base_url="/static/")


def test_url_is_the_hashed_name_and_is_worked_out_once(tmp_path, monkeypatch):
    storage = manifest_storage(tmp_path, {"css/site.css": "css/site.0123abcd.css"})
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"
    # Later calls do not ask the manifest again.
    monkeypatch.setattr(storage, "hashed_files", {})
    assert storage.url("css/site.css") == "/static/css/site.0123abcd.css"


def test_post_processing_forgets_the_urls(tmp_path):
    storage = manifest_storage(tmp_path, {"css/site.css": "css/site.0123abcd.css"})
    storage.url("css/site.css")
    list(storage.post_process({}, dry_run=True))
    assert storage._urls == {}
