from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ProviderSessionQuerySet(models.QuerySet):
    def ended_by(self, *, provider_id: str, uid: str | None, sid: str | None):
        """The sessions a provider's logout ends: its session `sid`, or every one of `uid`'s."""
        sessions = self.filter(provider_id=provider_id)
        return sessions.filter(sid=sid) if sid else sessions.filter(uid=uid)

    def outlived(self):
        """Rows whose session has reached its longest life anyway."""
        return self.filter(
            signed_in_at__lt=timezone.now()
            - timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        )


class ProviderSession(models.Model):
    """Which of our sessions came from which of a provider's sign-ins, so that the provider can
    end them (OpenID Connect back-channel logout names its user or its session)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="provider_sessions"
    )
    provider_id = models.CharField(max_length=200)
    uid = models.CharField(_("the provider's id for the person"), max_length=255)
    sid = models.CharField(_("the provider's session id"), max_length=255, blank=True)
    session_key = models.CharField(max_length=40)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    objects = ProviderSessionQuerySet.as_manager()

    class Meta:
        indexes = [models.Index(fields=["provider_id", "uid"])]

    def __str__(self):
        return f"{self.provider_id} session of user {self.user_id}"
