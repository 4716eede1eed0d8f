from django.apps import AppConfig


class RemindersConfig(AppConfig):
    name = "mentoring.reminders"
    label = "reminders"
    verbose_name = "Reminders"
