from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "mentoring.audit"
    label = "audit"
    verbose_name = "Access and change log"

    def ready(self):
        from mentoring.audit import signals

        signals.connect()
