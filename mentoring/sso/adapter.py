"""allauth's hooks for signing in through an identity provider (`SocialAccountAdapter`), and
the account adapter's part of it (`AccountAdapter`): what the provider's claims fill in, who
is refused and why, and which addresses may never use a password."""

from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.providers.base.constants import AuthError
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext

from accounts.adapter import AccountAdapter as SignupPolicyAdapter
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.lib.languages import language_or_sites
from mentoring.sso import saml
from mentoring.sso.oidc import provider_logout_url
from mentoring.sso.providers import policy_for_provider, signed_in_claims

# A staff member's test of a provider (views.test_provider): what came back, shown to them
# instead of signing anyone in.
TEST_RESULT_SESSION_KEY = "sso_test_result"


class SignInRefused(ImmediateHttpResponse):
    """The sign-in stops on a page that says why, with its status, and is logged."""

    def __init__(self, request, provider, *, reason: str, message: str, status: int, user=None):
        record(
            Action.SIGN_IN_FAILED,
            actor=None,
            subject=user,
            detail=f"{policy_for_provider(provider).provider_id}: {reason}",
        )
        response = render(
            request,
            "sso/sign_in_failed.html",
            {"provider_name": provider.app.name, "message": message},
            status=status,
        )
        super().__init__(response)

    @classmethod
    def unreachable(cls, request, provider, exception) -> "SignInRefused":
        return cls(
            request,
            provider,
            reason=f"provider unreachable: {type(exception).__name__}",
            status=502,
            message=gettext(
                "We could not reach %(provider)s just now. Try again in a few minutes."
            )
            % {"provider": provider.app.name},
        )

    @classmethod
    def unchecked(cls, request, provider, reason: str) -> "SignInRefused":
        """The provider's answer was refused, or could not be read or checked."""
        return cls(
            request,
            provider,
            reason=reason,
            status=400,
            message=gettext(
                "Signing in with %(provider)s did not work: it refused, or its answer could "
                "not be checked. Try again; if it happens again, tell your coordinator."
            )
            % {"provider": provider.app.name},
        )


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    def populate_user(self, request, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        policy = policy_for_provider(sociallogin.provider)
        for field, value in policy.profile_fields(signed_in_claims(sociallogin)).items():
            setattr(user, field, value)
        user.language = language_or_sites(translation.get_language())
        return user

    def is_open_for_signup(self, request, sociallogin) -> bool:
        """The organisation's provider vouches for its people: a new account for each (unless
        its settings say `create_accounts: false`), whatever the password sign-up policy."""
        return policy_for_provider(sociallogin.provider).create_accounts

    def pre_social_login(self, request, sociallogin) -> None:
        provider = sociallogin.provider
        if not any(address.verified for address in sociallogin.email_addresses):
            raise SignInRefused(
                request,
                provider,
                reason="email not verified",
                status=403,
                user=sociallogin.user if sociallogin.is_existing else None,
                message=gettext(
                    "%(provider)s did not confirm that your email address is yours, so we "
                    "cannot sign you in with it. Ask your organisation's IT service desk to "
                    "check your account there."
                )
                % {"provider": provider.app.name},
            )
        if sociallogin.state.get("process") == "redirect":
            self._keep_test_result(request, sociallogin)
            return
        if sociallogin.is_existing and sociallogin.user.pk:
            self._refresh_profile(sociallogin)

    def _refresh_profile(self, sociallogin) -> None:
        """The provider's directory stays the source of the mapped fields: each sign-in brings
        a changed department or title over."""
        user = sociallogin.user
        policy = policy_for_provider(sociallogin.provider)
        fields = policy.profile_fields(signed_in_claims(sociallogin))
        changed = [field for field, value in fields.items() if getattr(user, field) != value]
        for field in changed:
            setattr(user, field, fields[field])
        if changed:
            user.save(update_fields=changed)

    def _keep_test_result(self, request, sociallogin) -> None:
        policy = policy_for_provider(sociallogin.provider)
        claims = signed_in_claims(sociallogin)
        request.session[TEST_RESULT_SESSION_KEY] = {
            "provider_id": policy.provider_id,
            "email": sociallogin.email_addresses[0].email,
            "fields": policy.profile_fields(claims),
            "claims": sorted(claims),
            "mfa": policy.asserts_mfa(claims),
            "account_exists": sociallogin.is_existing or sociallogin.user.pk is not None,
        }

    def on_authentication_error(
        self, request, provider, error=None, exception=None, extra_context=None
    ) -> None:
        if error == AuthError.CANCELLED:
            return
        raise SignInRefused.unchecked(
            request,
            provider,
            f"{error or 'error'}: {type(exception).__name__ if exception else 'refused'}",
        )


class AccountAdapter(SignupPolicyAdapter):
    """The sign-up policy (accounts), signing out at the provider too, and the provider's
    multi-factor check counting for ours."""

    def get_logout_redirect_url(self, request) -> str:
        here = super().get_logout_redirect_url(request)
        then = request.build_absolute_uri(here)
        return (
            saml.provider_logout_url(request, then=then)
            or provider_logout_url(request, then=then)
            or here
        )

    def get_login_stages(self) -> list[str]:
        return [
            "mentoring.sso.stages.AuthenticateStage"
            if stage == "allauth.mfa.stages.AuthenticateStage"
            else stage
            for stage in super().get_login_stages()
        ]
