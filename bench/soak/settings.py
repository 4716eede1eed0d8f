"""Settings for `make soak`: production's, with what a loopback soak needs on top.

bench/soak/run.py sets the environment as production would be (DEBUG off, a throwaway
SECRET_KEY, ALLOWED_HOSTS=127.0.0.1) with plain HTTP allowed, and points DATABASE_URL at its
own PostgreSQL cluster.
"""

import os

from mentoring.settings import *  # noqa: F403

# collectstatic writes the hashed files here, a throwaway folder, not the project's staticfiles/.
STATIC_ROOT = os.environ["SOAK_STATIC_ROOT"]
# Hashed names as in production, without WhiteNoise's compression, which takes most of
# collectstatic's time and changes nothing the soak measures.
STORAGES = STORAGES | {  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
}
# The file backend, one file per message, so the emails can be counted once the workers drained
# the queue. Production's MAILERS passes no file path to it.
if "file_path" not in MAILERS["default"]["OPTIONS"]:  # noqa: F405
    MAILERS["default"]["OPTIONS"] = {"file_path": os.environ["EMAIL_FILE_PATH"]}  # noqa: F405
# 50 people signing in with production's PBKDF2 (0.65 s each here) would spend half of the two
# cores' first minute on hashing, which is not what the soak measures.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
