from django.apps import AppConfig


class EnrolmentConfig(AppConfig):
    name = "mentoring.enrolment"
    label = "enrolment"
    verbose_name = "Enrolment and matching"
