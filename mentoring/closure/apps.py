from django.apps import AppConfig


class ClosureConfig(AppConfig):
    name = "mentoring.closure"
    label = "closure"
    verbose_name = "Phase 4: Closure"

    def ready(self):
        # Its parts of the pair's page and of home, which programs owns
        # (mentoring/programs/panels.py).
        from mentoring.closure.history import history
        from mentoring.closure.panels import closure
        from mentoring.programs.panels import register_home_panel, register_pair_panel

        register_pair_panel("closure", closure)
        register_home_panel("history", history)
