from django.apps import AppConfig


class HealthConfig(AppConfig):
    name = "mentoring.health"
    label = "health"
    verbose_name = "Program health: the fit check after the first meeting"

    def ready(self):
        # Its part of the pair's page, which programs owns (mentoring/programs/panels.py).
        from mentoring.health.panels import fit_check
        from mentoring.programs.panels import register_pair_panel

        register_pair_panel("fit_check", fit_check)
