from allauth.mfa import stages

from mentoring.sso.providers import provider_asserted_mfa


class AuthenticateStage(stages.AuthenticateStage):
    """allauth's two-factor step, skipped when the identity provider the person just signed in
    with says they passed its own multi-factor check (and its settings trust that)."""

    def _should_handle(self, request) -> bool:
        sociallogin = (self.login.signal_kwargs or {}).get("sociallogin")
        if sociallogin is not None and provider_asserted_mfa(sociallogin):
            return False
        return super()._should_handle(request)
