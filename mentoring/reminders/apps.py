from django.apps import AppConfig
from django.tasks.signals import task_finished
from django.utils.translation import gettext_lazy as _


class RemindersConfig(AppConfig):
    name = "mentoring.reminders"
    label = "reminders"
    verbose_name = _("Reminders")

    def ready(self):
        from mentoring.reminders.task_results import forget_successful_task

        task_finished.connect(forget_successful_task, dispatch_uid="forget_successful_task")
