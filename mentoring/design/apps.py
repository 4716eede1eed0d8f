from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DesignConfig(AppConfig):
    name = "mentoring.design"
    label = "design"
    verbose_name = _("Design system: the styleguide and the accessibility statement")
