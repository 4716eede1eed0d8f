import os
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured

from mentoring.environment import env_bool, env_int, env_json_list, env_list
from mentoring.settings import BASE_DIR

PRODUCTION = {"SECRET_KEY": "x" * 60, "SITE_URL": "https://mentoring.example.org"}


def load_settings(show: str = "s.DEBUG, s.DATABASES", **env: str) -> subprocess.CompletedProcess:
    """Import the settings in a fresh interpreter, as gunicorn would, with only `env` set."""
    return subprocess.run(
        [sys.executable, "-c", f"import mentoring.settings as s; print({show})"],
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
        result = load_settings(**PRODUCTION)
        assert result.stdout.startswith("False")

    def test_database_url_selects_postgresql_and_unset_means_sqlite(self):
        sqlite = load_settings(**PRODUCTION)
        postgres = load_settings(
            **PRODUCTION, DATABASE_URL="postgres://app@db.internal:5432/mentoring"
        )
        assert "django.db.backends.sqlite3" in sqlite.stdout
        assert "django.db.backends.postgresql" in postgres.stdout

    def test_production_refuses_to_start_without_a_site_url(self):
        result = load_settings(SECRET_KEY="x" * 60)
        assert result.returncode != 0
        assert "SITE_URL must be set when DEBUG is off" in result.stderr

    def test_demo_data_is_not_installed_in_production(self):
        production = load_settings('"mentoring.demo" in s.INSTALLED_APPS', **PRODUCTION)
        development = load_settings('"mentoring.demo" in s.INSTALLED_APPS', DEBUG="1")
        assert (production.stdout, development.stdout) == ("False\n", "True\n")

    def test_the_proxy_ssl_header_is_trusted_only_when_configured(self):
        show = 'getattr(s, "SECURE_PROXY_SSL_HEADER", None)'
        assert load_settings(show, **PRODUCTION).stdout == "None\n"
        behind_proxy = load_settings(
            show, **PRODUCTION, SECURE_PROXY_SSL_HEADER="X-Forwarded-Proto"
        )
        assert behind_proxy.stdout == "('HTTP_X_FORWARDED_PROTO', 'https')\n"

    def test_the_cache_is_shared_through_the_database(self):
        result = load_settings('s.CACHES["default"]["BACKEND"]', **PRODUCTION)
        assert result.stdout == "django.core.cache.backends.db.DatabaseCache\n"

    def test_connection_reuse_and_health_checks_come_from_the_environment(self):
        show = (
            's.DATABASES["default"]["CONN_MAX_AGE"], '
            's.DATABASES["default"]["CONN_HEALTH_CHECKS"], s.WORKER_STALE_SECONDS'
        )
        assert load_settings(show, **PRODUCTION).stdout == "60 True 60\n"
        tuned = load_settings(
            show,
            **PRODUCTION,
            CONN_MAX_AGE="0",
            CONN_HEALTH_CHECKS="no",
            WORKER_STALE_SECONDS="90",
        )
        assert tuned.stdout == "0 False 90\n"

    def test_two_factor_is_required_by_default_and_can_be_turned_off(self):
        assert load_settings("s.REQUIRE_TWO_FACTOR", **PRODUCTION).stdout == "True\n"
        off = load_settings("s.REQUIRE_TWO_FACTOR", **PRODUCTION, REQUIRE_TWO_FACTOR="0")
        assert off.stdout == "False\n"

    def test_the_client_address_behind_proxies_is_configured_from_the_environment(self):
        show = "s.ALLAUTH_TRUSTED_PROXY_COUNT, s.ALLAUTH_TRUSTED_CLIENT_IP_HEADER"
        assert load_settings(show, **PRODUCTION).stdout == "0 None\n"
        configured = load_settings(
            show, **PRODUCTION, TRUSTED_PROXY_COUNT="1", TRUSTED_CLIENT_IP_HEADER="X-Real-IP"
        )
        assert configured.stdout == "1 X-Real-IP\n"


@pytest.mark.parametrize("value", ["{", '{"provider_id": "x"}'])
def test_identity_providers_must_be_a_json_list(monkeypatch, value):
    monkeypatch.setenv("OIDC_PROVIDERS", value)

    with pytest.raises(ImproperlyConfigured, match="OIDC_PROVIDERS must be a JSON list"):
        env_json_list("OIDC_PROVIDERS")
