from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "mentoring.audit"
    label = "audit"
    verbose_name = _("Access and change log")

    def ready(self):
        from mentoring.audit import signals

        signals.connect()
