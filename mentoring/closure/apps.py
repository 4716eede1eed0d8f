from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClosureConfig(AppConfig):
    name = "mentoring.closure"
    label = "closure"
    verbose_name = _("Phase 4: Closure")

    def ready(self):
        # Its parts of the pair's page and of home, which programs owns
        # (mentoring/programs/panels.py).
        from mentoring.closure.history import history
        from mentoring.closure.panels import closure
        from mentoring.programs.panels import register_home_panel, register_pair_panel

        register_pair_panel("closure", closure)
        register_home_panel("history", history)

        # Its steps in the pair's progress (mentoring/programs/steps.py), and Enabling's
        # way out: proposing to close.
        from mentoring.closure.steps import closing_steps, closure_steps
        from mentoring.programs.models import Phase
        from mentoring.programs.steps import register_phase_steps

        register_phase_steps(Phase.ENABLING, "closing", closing_steps)
        register_phase_steps(Phase.CLOSURE, "closure", closure_steps)
