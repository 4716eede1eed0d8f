from django.apps import AppConfig


class DesignConfig(AppConfig):
    name = "mentoring.design"
    label = "design"
    verbose_name = "Design system: the styleguide and the accessibility statement"
