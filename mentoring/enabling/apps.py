from django.apps import AppConfig


class EnablingConfig(AppConfig):
    name = "mentoring.enabling"
    label = "enabling"
    verbose_name = "Phase 3: Enabling (action plan and check-in)"
