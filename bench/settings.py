"""Settings for `make bench`: the production settings, with the benchmark's URLconf.

Everything else comes from the environment as in production; bench/scale.py sets DEBUG=0, a
throwaway SECRET_KEY, ALLOWED_HOSTS=127.0.0.1 and turns the HTTPS redirect, secure cookies and
HSTS off, because the load generator speaks plain HTTP to 127.0.0.1.
"""

import os

from mentoring.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
# collectstatic writes the hashed files here, a throwaway folder, not the project's staticfiles/.
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
# Hashed names as in production, without WhiteNoise's compression, which takes most of
# collectstatic's time and changes nothing the benchmark measures.
STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
}
