"""Settings for the test suite: fast hashing, in-memory email and cache, temporary media."""

import os
import tempfile

os.environ.setdefault("DEBUG", "0")
os.environ.setdefault("SECRET_KEY", "tests-only-secret-key-not-for-production-use-0123456789")
os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")

from citynet.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Mail goes through the queue as in production; the delivery mailer is the locmem outbox.
MAILERS = {
    "default": {"BACKEND": "core.mail_backends.QueuedEmailBackend"},
    "delivery": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = tempfile.mkdtemp(prefix="citynet-test-media-")
# No nginx in front of the test server: Django sends the files of practices itself
# (tests of the X-Accel-Redirect hand-off set it).
MEDIA_ACCEL_REDIRECT = ""
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SITE_URL = "http://testserver"
STATIC_ROOT = tempfile.mkdtemp(prefix="citynet-test-static-")
WHITENOISE_USE_FINDERS = True
# Open-data files are rewritten after each content change; the tests that check it turn
# it on (every factory save would otherwise rewrite them).
OPENDATA_PUBLISH_ON_CHANGE = False
