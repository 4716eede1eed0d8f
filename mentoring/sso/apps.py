from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SsoConfig(AppConfig):
    name = "mentoring.sso"
    label = "sso"
    verbose_name = _("Single sign-on")

    def ready(self):
        from allauth.account.signals import user_logged_in

        from mentoring.sso.sessions import note_provider_sign_in

        user_logged_in.connect(note_provider_sign_in, dispatch_uid="sso.provider_sign_in")
