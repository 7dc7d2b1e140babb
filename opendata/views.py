import datetime

from django.conf import settings
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse
from django.urls import reverse
from django.utils.http import http_date
from django.views.generic import TemplateView

from core.links import site_url

from .datasets import DATASETS, FORMATS
from .services import manifest_or_publish


def licence() -> dict:
    return {
        "name": settings.OPENDATA_LICENSE_NAME,
        "url": settings.OPENDATA_LICENSE_URL,
        "credit": settings.OPENDATA_CREDIT,
    }


def downloads(manifest: dict) -> list[dict]:
    """Each dataset with its files' addresses, sizes and date, for the page and DCAT."""
    generated = datetime.datetime.fromisoformat(manifest["generated_at"])
    items = []
    for name, dataset in DATASETS.items():
        entry = manifest["datasets"].get(name)
        if entry is None:
            continue
        files = [
            {
                "format": extension,
                "label": FORMATS[extension][1],
                "media_type": FORMATS[extension][0].split(";")[0],
                "url": reverse("opendata:download", kwargs={"name": name, "format": extension}),
                "size": info["size"],
            }
            for extension, info in entry["files"].items()
        ]
        items.append(
            {"dataset": dataset, "rows": entry["rows"], "files": files, "modified": generated}
        )
    return items


class DataIndexView(TemplateView):
    template_name = "opendata/index.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        manifest = manifest_or_publish()
        context["downloads"] = downloads(manifest)
        context["generated_at"] = datetime.datetime.fromisoformat(manifest["generated_at"])
        context["licence"] = licence()
        return context


class DictionaryView(TemplateView):
    template_name = "opendata/dictionary.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["datasets"] = DATASETS.values()
        context["licence"] = licence()
        return context


def download(request, name, format):
    if name not in DATASETS or format not in FORMATS:
        raise Http404
    manifest = manifest_or_publish()
    entry = manifest["datasets"].get(name)
    if entry is None:
        raise Http404
    path = entry["files"][format]["path"]
    try:
        handle = default_storage.open(path, "rb")
    except (FileNotFoundError, OSError):
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"citynet-{name}.{format}",
        content_type=FORMATS[format][0],
    )
    generated = datetime.datetime.fromisoformat(manifest["generated_at"])
    response["Last-Modified"] = http_date(generated.timestamp())
    response["Access-Control-Allow-Origin"] = "*"
    return response


def _catalogue_dataset(item, site: str, rights: dict, publisher: dict, language: str) -> dict:
    """One dataset of the catalogue, with a distribution for each of its files."""
    dataset = item["dataset"]
    return {
        "@type": "dcat:Dataset",
        "@id": f"{site}{reverse('opendata:dictionary')}#{dataset.name}",
        "dct:identifier": f"citynet-{dataset.name}",
        "dct:title": str(dataset.title),
        "dct:description": str(dataset.description),
        "dct:language": language,
        "dct:modified": item["modified"].isoformat(),
        "dct:publisher": publisher,
        "dct:license": rights["url"],
        "dct:rights": rights["credit"],
        "dcat:landingPage": site + reverse("opendata:index"),
        "dcat:keyword": ["Citynet Indonesia", dataset.name],
        "dcat:distribution": [
            {
                "@type": "dcat:Distribution",
                "dct:title": f"{dataset.title} ({file['label']})",
                "dcat:downloadURL": site + file["url"],
                "dcat:accessURL": site + reverse("opendata:index"),
                "dcat:mediaType": file["media_type"],
                "dcat:byteSize": file["size"],
                "dct:modified": item["modified"].isoformat(),
                "dct:license": rights["url"],
            }
            for file in item["files"]
        ],
    }


def catalogue(request):
    """DCAT-AP style catalogue (JSON-LD) of the datasets, for national data portals."""
    manifest = manifest_or_publish()
    site = site_url(request)
    rights = licence()
    publisher = {"@type": "foaf:Organization", "foaf:name": rights["credit"]}
    datasets = [
        _catalogue_dataset(item, site, rights, publisher, request.LANGUAGE_CODE)
        for item in downloads(manifest)
    ]
    document = {
        "@context": {
            "dcat": "http://www.w3.org/ns/dcat#",
            "dct": "http://purl.org/dc/terms/",
            "foaf": "http://xmlns.com/foaf/0.1/",
        },
        "@type": "dcat:Catalog",
        "@id": site + reverse("opendata:catalogue"),
        "dct:title": "Citynet Indonesia open data",
        "dct:publisher": publisher,
        "dct:license": rights["url"],
        "foaf:homepage": site + reverse("opendata:index"),
        "dcat:dataset": datasets,
    }
    return JsonResponse(
        document, content_type="application/ld+json", json_dumps_params={"ensure_ascii": False}
    )
