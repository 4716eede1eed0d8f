from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HealthConfig(AppConfig):
    name = "mentoring.health"
    label = "health"
    verbose_name = _("Program health: fit check, pulse surveys, closing feedback and report")

    def ready(self):
        # Its part of the pair's page, which programs owns (mentoring/programs/panels.py).
        from mentoring.health import panels
        from mentoring.programs.panels import register_pair_panel

        register_pair_panel("fit_check", panels.fit_check)
        register_pair_panel("pulse", panels.pulse)
        register_pair_panel("closing_feedback", panels.closing_feedback)
