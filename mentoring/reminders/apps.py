from django.apps import AppConfig
from django.tasks.signals import task_finished


class RemindersConfig(AppConfig):
    name = "mentoring.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self):
        from mentoring.reminders.task_results import forget_successful_task

        task_finished.connect(forget_successful_task, dispatch_uid="forget_successful_task")
