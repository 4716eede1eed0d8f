from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "mentoring.privacy"
    label = "privacy"
    verbose_name = "Your data: export, erasure and retention"
