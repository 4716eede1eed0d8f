from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "mentoring.agreements"
    label = "agreements"
    verbose_name = "Phase 2: Negotiating"
