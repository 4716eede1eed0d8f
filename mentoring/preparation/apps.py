from django.apps import AppConfig


class PreparationConfig(AppConfig):
    name = "mentoring.preparation"
    label = "preparation"
    verbose_name = "Phase 1: Preparing"
