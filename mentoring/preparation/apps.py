from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PreparationConfig(AppConfig):
    name = "mentoring.preparation"
    label = "preparation"
    verbose_name = _("Phase 1: Preparing")

    def ready(self):
        # The pair's page and home are programs', which may not import the phases: each
        # phase hands programs its panels (mentoring/programs/panels.py).
        from mentoring.preparation import panels
        from mentoring.programs.panels import register_home_panel, register_pair_panel

        register_pair_panel("planning", panels.planning)
        register_home_panel("mentor_requests", panels.mentor_requests)
        register_home_panel("preparing", panels.preparing)

        # Its steps in the pair's progress (mentoring/programs/steps.py).
        from mentoring.preparation.steps import preparing_steps
        from mentoring.programs.models import Phase
        from mentoring.programs.steps import register_phase_steps

        register_phase_steps(Phase.PREPARING, "preparation", preparing_steps)

        # Saving a profile is accounts', which may not import the phases either: what a new
        # capacity or a pause means for requests is ours (accounts/availability.py).
        from accounts.availability import register_availability_hook
        from mentoring.preparation.availability import profile_availability_saved

        register_availability_hook(profile_availability_saved)
