import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from mentoring.settings import BASE_DIR, env_bool, env_int, env_list


def load_settings(**env) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as gunicorn would, with only `env` set."""
    return subprocess.run(
        [sys.executable, "-c", "import mentoring.settings as s; print(s.DEBUG, s.DATABASES)"],
        cwd=BASE_DIR,
        env={"PATH": os.environ["PATH"], **env},
        capture_output=True,
        text=True,
    )


class TestEnvironmentHelpers:
    def test_env_bool_reads_common_words(self, monkeypatch):
        monkeypatch.setenv("FLAG", "Yes")
        assert env_bool("FLAG", False) is True
        monkeypatch.setenv("FLAG", "0")
        assert env_bool("FLAG", True) is False

    def test_env_bool_refuses_anything_else(self, monkeypatch):
        monkeypatch.setenv("FLAG", "maybe")
        with pytest.raises(ImproperlyConfigured, match="FLAG must be one of"):
            env_bool("FLAG", False)

    def test_env_int_refuses_words(self, monkeypatch):
        monkeypatch.setenv("COUNT", "ten")
        with pytest.raises(ImproperlyConfigured, match="COUNT must be a whole number"):
            env_int("COUNT", 1)

    def test_unset_values_take_their_default(self, monkeypatch):
        monkeypatch.delenv("UNSET_THING", raising=False)
        assert env_int("UNSET_THING", 7) == 7
        assert env_list("UNSET_THING", ["a"]) == ["a"]

    def test_env_list_splits_on_commas(self, monkeypatch):
        monkeypatch.setenv("HOSTS", "a.example.org, b.example.org,")
        assert env_list("HOSTS", []) == ["a.example.org", "b.example.org"]


class TestProductionSettings:
    def test_production_refuses_to_start_without_a_secret_key(self):
        result = load_settings()
        assert result.returncode != 0
        assert "SECRET_KEY must be set when DEBUG is off" in result.stderr

    def test_debug_is_off_unless_asked(self):
        result = load_settings(SECRET_KEY="x" * 60)
        assert result.stdout.startswith("False")

    def test_database_url_selects_postgresql_and_unset_means_sqlite(self):
        sqlite = load_settings(SECRET_KEY="x" * 60)
        postgres = load_settings(
            SECRET_KEY="x" * 60, DATABASE_URL="postgres://app@db.internal:5432/mentoring"
        )
        assert "django.db.backends.sqlite3" in sqlite.stdout
        assert "django.db.backends.postgresql" in postgres.stdout
