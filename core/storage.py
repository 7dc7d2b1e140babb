"""Static files storage."""

from whitenoise.storage import CompressedManifestStaticFilesStorage


class StaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed and compressed files, with each name's URL worked out once per
    process: the manifest does not change while the process runs (``collectstatic`` runs
    before a deploy starts the new processes), and every page asks for the same few files
    (the style sheet, the script, the logo) on every request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force:
            return super().url(name, force=True)
        try:
            return self._urls[name]
        except KeyError:
            url = self._urls[name] = super().url(name)
            return url

    def post_process(self, *args, **kwargs):
        # collectstatic hashes the files anew: forget the URLs worked out before and during.
        self._urls = {}
        yield from super().post_process(*args, **kwargs)
        self._urls = {}
