from django.apps import AppConfig


class EnablingConfig(AppConfig):
    name = "mentoring.enabling"
    label = "enabling"
    verbose_name = "Phase 3: Enabling (action plan and check-in)"

    def ready(self):
        # Its part of the pair's page, which programs owns (mentoring/programs/panels.py).
        from mentoring.enabling.panels import enabling
        from mentoring.programs.panels import register_pair_panel

        register_pair_panel("enabling", enabling)
