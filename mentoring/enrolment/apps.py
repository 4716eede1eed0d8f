from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnrolmentConfig(AppConfig):
    name = "mentoring.enrolment"
    label = "enrolment"
    verbose_name = _("Enrolment and matching")

    def ready(self):
        # Its part of home, which programs owns (mentoring/programs/panels.py).
        from mentoring.enrolment.panels import invitations
        from mentoring.programs.panels import register_home_panel

        register_home_panel("invitations", invitations)

        # The sign-up policy asks whether the session's join link still works.
        from accounts.adapter import register_join_link_reader
        from mentoring.enrolment.join_links import live_join_link_domains

        register_join_link_reader(live_join_link_domains)
