import csv
import io
import json
from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.urls import reverse

from events.models import Event
from opendata.services import read_manifest
from practices.models import Practice
from tests.factories import ArticleFactory, EventFactory, PublishedPracticeFactory
from tests.paths import reverse_in

pytestmark = pytest.mark.django_db


@pytest.fixture
def practices(kupang):
    formula = PublishedPracticeFactory(
        member=kupang,
        title='=HYPERLINK("http://evil.example";"klik")',
        summary="+62 sebagai awalan; -5 derajat; @sekretariat",
        themes=["digital-public-services", "smart-city"],
        sdgs=[11, 16],
        contact_email="pribadi@kupangkota.go.id",
        contact_phone="+62 812-0000-1111",
    )
    PublishedPracticeFactory(member=kupang, title="Bank sampah Kupang")
    draft = PublishedPracticeFactory(
        member=kupang, status=Practice.Status.DRAFT, title="Draf rahasia"
    )
    return formula, draft


def data_url(name: str, fmt: str, language: str = "id") -> str:
    return reverse_in(language, "opendata:download", name=name, format=fmt)


def download(client, name, fmt):
    response = client.get(data_url(name, fmt))
    assert response.status_code == HTTPStatus.OK
    return response, b"".join(response.streaming_content)


def test_csv_parses_back_with_bom_and_neutralised_formulas(client, practices):
    call_command("publish_opendata", stdout=io.StringIO())
    response, body = download(client, "practices", "csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "Last-Modified" in response
    assert body.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    titles = {row["title"] for row in rows}
    assert titles == {'\'=HYPERLINK("http://evil.example";"klik")', "Bank sampah Kupang"}
    risky = next(row for row in rows if row["title"].startswith("'="))
    assert risky["summary"].startswith("'+62")
    assert risky["themes"] == "digital-public-services; smart-city"
    assert risky["sdgs"] == "11; 16"
    assert risky["member_code"] == "53.71"
    assert risky["url"].startswith("http://testserver/id/practices/")
    assert b"pribadi@" not in body and b"812-0000" not in body
    assert b"Draf rahasia" not in body


def test_json_lines_parse_back_with_the_same_columns(client, practices):
    call_command("publish_opendata", stdout=io.StringIO())
    _response, body = download(client, "practices", "jsonl")
    records = [json.loads(line) for line in body.decode("utf-8").splitlines()]
    assert len(records) == 2
    first = next(record for record in records if record["sdgs"])
    assert first["title"].startswith("=HYPERLINK")  # JSON is not a spreadsheet
    assert first["themes"] == ["digital-public-services", "smart-city"]
    assert first["sdgs"] == [11, 16]
    _response, members = download(client, "members", "csv")
    member_rows = list(csv.DictReader(io.StringIO(members.decode("utf-8-sig"))))
    assert len(member_rows) == 514
    kupang = next(row for row in member_rows if row["code"] == "53.71")
    assert kupang["name"] == "Kota Kupang" and kupang["province_code"] == "53"
    first_line = download(client, "members", "jsonl")[1].splitlines()[0]
    assert list(member_rows[0]) == list(json.loads(first_line))


def test_events_and_news_downloads(client, kupang):
    event = EventFactory(host=kupang, meeting_url="https://meet.example.org/rahasia")
    EventFactory(host=kupang, status=Event.Status.DRAFT, title="Acara draf")
    ArticleFactory(event=event, title="Berita satu")
    call_command("publish_opendata", stdout=io.StringIO())
    _response, body = download(client, "events", "jsonl")
    events = [json.loads(line) for line in body.decode().splitlines()]
    assert [item["slug"] for item in events] == [event.slug]
    assert events[0]["start"].endswith("+08:00")  # Kupang is on WITA
    assert b"rahasia" not in body
    _response, body = download(client, "news", "csv")
    news = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))
    assert news[0]["title"] == "Berita satu" and news[0]["event"] == event.slug


def test_data_page_lists_files_with_size_date_and_licence(client, practices, settings):
    settings.OPENDATA_CREDIT = "Sekretariat Citynet Indonesia"
    response = client.get(reverse("opendata:index"))  # the first visit writes the files
    assert response.status_code == HTTPStatus.OK
    text = response.content.decode()
    manifest = read_manifest()
    assert manifest["datasets"]["practices"]["rows"] == 2
    assert data_url("practices", "csv") in text and data_url("members", "jsonl") in text
    assert "CC BY 4.0" in text and "https://creativecommons.org/licenses/by/4.0/" in text
    assert "Sumber: Sekretariat Citynet Indonesia" in text
    english = client.get(reverse_in("en", "opendata:index")).content.decode()
    assert "Credit line:" in english and "Source: Sekretariat Citynet Indonesia" in english
    dictionary = client.get(reverse("opendata:dictionary")).content.decode()
    assert "province_code" in dictionary and "sdgs" in dictionary


def test_dcat_catalogue(client, practices):
    response = client.get(reverse("opendata:catalogue"))
    assert response["Content-Type"] == "application/ld+json"
    catalogue = response.json()
    assert catalogue["@type"] == "dcat:Catalog"
    datasets = {item["dct:identifier"]: item for item in catalogue["dcat:dataset"]}
    assert set(datasets) == {
        "citynet-members",
        "citynet-practices",
        "citynet-events",
        "citynet-news",
    }
    distributions = datasets["citynet-practices"]["dcat:distribution"]
    assert {item["dcat:mediaType"] for item in distributions} == {
        "text/csv",
        "application/x-ndjson",
    }
    manifest = read_manifest()
    sizes = {item["dcat:downloadURL"]: item["dcat:byteSize"] for item in distributions}
    assert (
        sizes["http://testserver/id/data/practices.csv"]
        == (manifest["datasets"]["practices"]["files"]["csv"]["size"])
    )
    assert datasets["citynet-members"]["dct:license"].startswith("https://creativecommons.org")


def test_unknown_dataset_or_format_is_404(client, practices):
    index = reverse_in("id", "opendata:index")
    for path in [
        data_url("users", "csv"),
        data_url("practices", "xlsx"),
        f"{index}..%2Fsecret.csv",
    ]:
        assert client.get(path).status_code == HTTPStatus.NOT_FOUND


def test_files_are_rewritten_after_a_change_commits(
    client, kupang, django_capture_on_commit_callbacks, settings
):
    settings.OPENDATA_PUBLISH_ON_CHANGE = True
    call_command("publish_opendata", stdout=io.StringIO())
    assert read_manifest()["datasets"]["practices"]["rows"] == 0
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        PublishedPracticeFactory(member=kupang, themes=["smart-city"], sdgs=[9])
    assert len(callbacks) >= 1
    assert read_manifest()["datasets"]["practices"]["rows"] == 1
    # One regeneration per transaction, however many rows changed.
    from opendata.services import _enqueue_publish

    assert sum(callback is _enqueue_publish for callback in callbacks) == 1
