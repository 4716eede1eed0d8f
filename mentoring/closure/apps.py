from django.apps import AppConfig


class ClosureConfig(AppConfig):
    name = "mentoring.closure"
    label = "closure"
    verbose_name = "Phase 4: Closure"
