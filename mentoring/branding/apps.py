from django.apps import AppConfig


class BrandingConfig(AppConfig):
    name = "mentoring.branding"
    label = "branding"
    verbose_name = "Branding"
