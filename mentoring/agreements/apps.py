from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgreementsConfig(AppConfig):
    name = "mentoring.agreements"
    label = "agreements"
    verbose_name = _("Phase 2: Negotiating")

    def ready(self):
        # Its part of the pair's page, which programs owns (mentoring/programs/panels.py).
        from mentoring.agreements.panels import agreement
        from mentoring.programs.panels import register_pair_panel

        register_pair_panel("agreement", agreement)

        # Its steps in the pair's progress (mentoring/programs/steps.py).
        from mentoring.agreements.steps import negotiating_steps
        from mentoring.programs.models import Phase
        from mentoring.programs.steps import register_phase_steps

        register_phase_steps(Phase.NEGOTIATING, "agreement", negotiating_steps)
