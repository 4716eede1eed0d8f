from django.apps import AppConfig


class DashboardConfig(AppConfig):
    name = "mentoring.dashboard"
    label = "dashboard"
    verbose_name = "Program dashboard"
