from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "mentoring.meetings"
    label = "meetings"
    verbose_name = _("Phase 3: Enabling (meetings and reflections)")

    def ready(self):
        # Its part of the pair's page, which programs owns (mentoring/programs/panels.py).
        from mentoring.meetings.panels import meetings
        from mentoring.programs.panels import register_pair_panel

        register_pair_panel("meetings", meetings)

        # Its steps in the pair's progress (mentoring/programs/steps.py).
        from mentoring.meetings.steps import meetings_steps
        from mentoring.programs.models import Phase
        from mentoring.programs.steps import register_phase_steps

        register_phase_steps(Phase.ENABLING, "meetings", meetings_steps)
