from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProvisioningConfig(AppConfig):
    name = "mentoring.provisioning"
    label = "provisioning"
    verbose_name = _("Provisioning (SCIM)")

    def ready(self):
        from mentoring.privacy.erasure import erasing_account
        from mentoring.provisioning.services import forget

        erasing_account.connect(forget, dispatch_uid="provisioning.forget")
