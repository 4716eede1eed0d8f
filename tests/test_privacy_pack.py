"""docs/privacy.md lists every field that holds what people typed or who they are, and is
what `manage.py privacy_pack` writes today."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command

from mentoring.privacy.inventory import HOLDINGS, Holding
from mentoring.privacy.pack import personal_fields, render_pack

OURS = {
    "accounts",
    "audit",
    "programs",
    "preparation",
    "agreements",
    "enabling",
    "meetings",
    "closure",
    "enrolment",
    "reminders",
    "privacy",
    "sso",
    "socialaccount",
    "provisioning",
}
PACK = Path(settings.BASE_DIR) / "docs" / "privacy.md"
EVERYTHING = Holding("", "", "", "", "")


def test_every_model_with_personal_fields_is_in_the_inventory():
    listed = {holding.model for holding in HOLDINGS}
    missing = [
        model._meta.label
        for model in apps.get_models()
        if model._meta.app_label in OURS
        and personal_fields(model, EVERYTHING)
        and model._meta.label not in listed
    ]
    assert missing == []


def test_every_field_said_not_to_be_personal_exists():
    for holding in HOLDINGS:
        names = {field.name for field in apps.get_model(holding.model)._meta.concrete_fields}
        assert set(holding.not_personal) <= names, holding.model


def test_every_personal_field_is_on_the_page():
    pack = PACK.read_text()
    for holding in HOLDINGS:
        for field in personal_fields(apps.get_model(holding.model), holding):
            assert f"| `{field.name}` |" in pack, f"{holding.model}.{field.name}"


def test_the_page_is_up_to_date():
    assert PACK.read_text() == render_pack(), "Run `manage.py privacy_pack`."


def test_the_check_fails_on_a_stale_page(tmp_path, monkeypatch):
    from mentoring.privacy.management.commands import privacy_pack

    stale = tmp_path / "privacy.md"
    stale.write_text("# Old\n")
    monkeypatch.setattr(privacy_pack, "PACK", stale)
    with pytest.raises(CommandError, match="out of date"):
        call_command("privacy_pack", "--check")
    call_command("privacy_pack")
    call_command("privacy_pack", "--check")
