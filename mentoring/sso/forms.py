from allauth.account.forms import LoginForm as PasswordLoginForm
from allauth.account.forms import ResetPasswordForm as PasswordResetForm
from allauth.account.forms import SignupForm as PasswordSignupForm
from allauth.socialaccount.adapter import get_adapter
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from accounts.adapter import domains_text, email_domain
from mentoring.sso.providers import all_policies, sso_only_policy


class LoginForm(PasswordLoginForm):
    """allauth's sign-in, where an address at an SSO-only domain is sent to its identity
    provider (with the address as `login_hint`) and no password is checked for it."""

    sso_policy = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].required = False
        self.policies = all_policies(self.request)
        if domains := [domain for policy in self.policies for domain in policy.sso_only_domains]:
            self.fields["password"].help_text = gettext(
                "Addresses at %(domains)s need no password here: you will sign in with your "
                "organisation."
            ) % {"domains": domains_text(domains)}

    def clean(self):
        email = (self.cleaned_data.get("login") or "").strip()
        self.sso_policy = sso_only_policy(email, self.policies) if "@" in email else None
        if self.sso_policy:
            return self.cleaned_data
        if not self.cleaned_data.get("password"):
            self.add_error("password", forms.Field.default_error_messages["required"])
            return self.cleaned_data
        return super().clean()

    def login(self, request, redirect_url=None):
        if self.sso_policy is None:
            return super().login(request, redirect_url)
        provider = get_adapter().get_provider(request, self.sso_policy.provider_id)
        # For ProviderFaultMiddleware, should the provider be down.
        request.sso_provider_id = self.sso_policy.provider_id
        if provider.id == "saml":  # its request names no one: the provider asks
            return provider.redirect(request, "login", next_url=redirect_url)
        return provider.redirect(
            request,
            "login",
            next_url=redirect_url,
            auth_params={**provider.get_auth_params(), "login_hint": self.cleaned_data["login"]},
        )


def refuse_sso_only(email: str, request) -> None:
    """Addresses at an SSO-only domain never get a password: they sign in at their provider."""
    if policy := sso_only_policy(email, all_policies(request)):
        raise ValidationError(
            gettext("Addresses at %(domain)s sign in with %(provider)s, not a password.")
            % {"domain": email_domain(email), "provider": policy.name},
            code="sso_only",
        )


class SignupForm(PasswordSignupForm):
    def clean_email(self):
        email = super().clean_email()
        refuse_sso_only(email, getattr(self, "request", None))
        return email


class ResetPasswordForm(PasswordResetForm):
    def clean_email(self):
        email = super().clean_email()
        refuse_sso_only(email, None)
        return email
