from django.apps import AppConfig


class MeetingsConfig(AppConfig):
    name = "mentoring.meetings"
    label = "meetings"
    verbose_name = "Phase 3: Enabling (meetings and reflections)"
