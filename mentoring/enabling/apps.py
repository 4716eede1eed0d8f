from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnablingConfig(AppConfig):
    name = "mentoring.enabling"
    label = "enabling"
    verbose_name = _("Phase 3: Enabling (action plan and check-in)")

    def ready(self):
        # Its part of the pair's page, which programs owns (mentoring/programs/panels.py).
        from mentoring.enabling.panels import enabling
        from mentoring.programs.panels import register_pair_panel

        register_pair_panel("enabling", enabling)

        # Its steps in the pair's progress (mentoring/programs/steps.py).
        from mentoring.enabling.steps import action_plan_steps, check_in_steps
        from mentoring.programs.models import Phase
        from mentoring.programs.steps import register_phase_steps

        register_phase_steps(Phase.ENABLING, "action_plan", action_plan_steps)
        register_phase_steps(Phase.ENABLING, "check_in", check_in_steps)
