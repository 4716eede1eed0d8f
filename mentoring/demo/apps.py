from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Demo data for a newcomer's first run; it may use every phase, so it stands apart."""

    name = "mentoring.demo"
    label = "demo"
    verbose_name = "Demo data"
