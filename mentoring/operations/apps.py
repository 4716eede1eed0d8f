from django.apps import AppConfig
from django.core.signals import got_request_exception
from django.utils.translation import gettext_lazy as _


class OperationsConfig(AppConfig):
    name = "mentoring.operations"
    label = "operations"
    verbose_name = _("Running the service: health, workers and database outages")

    def ready(self):
        from mentoring.lib.page_cache import start_watching
        from mentoring.operations.outage import note_database_error

        got_request_exception.connect(note_database_error, dispatch_uid="database-outage")
        start_watching()
