"""Identity providers in the admin: allauth's social application, with our settings as fields
of their own instead of raw JSON (mentoring/sso/providers.py says what each means)."""

from allauth.socialaccount.admin import SocialAppAdmin
from allauth.socialaccount.models import SocialApp, SocialToken
from django import forms
from django.contrib import admin
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from accounts.adapter import typed_domains
from mentoring.sso.providers import ATTRIBUTES, DEFAULT_MFA_AMR


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.replace(",", " ").split() if word.strip()]


class IdentityProviderForm(forms.ModelForm):
    server_url = forms.CharField(
        label=_("Issuer URL"),
        help_text=_(
            "Where the provider's /.well-known/openid-configuration is, e.g. "
            "https://login.microsoftonline.com/TENANT-ID/v2.0"
        ),
        validators=[URLValidator(schemes=["https", "http"])],
        required=False,
    )
    idp_entity_id = forms.CharField(
        label=_("SAML: the provider's entity ID"), required=False, max_length=500
    )
    idp_sso_url = forms.CharField(
        label=_("SAML: its single sign-on URL"),
        required=False,
        validators=[URLValidator(schemes=["https", "http"])],
    )
    idp_slo_url = forms.CharField(
        label=_("SAML: its single logout URL"),
        required=False,
        validators=[URLValidator(schemes=["https", "http"])],
    )
    idp_x509cert = forms.CharField(
        label=_("SAML: its signing certificate"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("The X.509 certificate, in PEM (BEGIN CERTIFICATE …)."),
    )
    sso_only_domains = forms.CharField(
        label=_("Domains that must use this provider"),
        required=False,
        help_text=_("Addresses there cannot use a password, e.g. vch.ca phsa.ca"),
    )
    verified_email = forms.BooleanField(
        label=_("Its addresses are verified"),
        required=False,
        help_text=_(
            "Tick for a provider that sends no email_verified claim (Microsoft Entra ID) and "
            "whose addresses only your organisation gives out."
        ),
    )
    create_accounts = forms.BooleanField(
        label=_("Make an account at first sign-in"), required=False, initial=True
    )
    trust_mfa = forms.BooleanField(
        label=_("Its multi-factor check counts"), required=False, initial=True
    )
    mfa_amr = forms.CharField(
        label=_("amr values that mean multi-factor"),
        required=False,
        initial=" ".join(DEFAULT_MFA_AMR),
    )
    mfa_acr = forms.CharField(label=_("acr values that mean multi-factor"), required=False)
    single_logout = forms.BooleanField(
        label=_("Signing out here signs out there"), required=False, initial=True
    )

    class Meta:
        model = SocialApp
        fields = ["provider", "provider_id", "name", "client_id", "secret"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"] = forms.ChoiceField(
            choices=[("openid_connect", "OpenID Connect"), ("saml", "SAML 2.0")],
            label=_("Protocol"),
        )
        self.fields["secret"].required = False
        for field, (claim, label) in ATTRIBUTES.items():
            self.fields[f"claim_{field}"] = forms.CharField(
                label=_("Claim for: %(field)s") % {"field": label}, initial=claim
            )
        settings = self.instance.settings or {}
        if self.instance.pk:
            self.initial.update(
                server_url=settings.get("server_url", ""),
                sso_only_domains=" ".join(settings.get("sso_only_domains", [])),
                verified_email=settings.get("verified_email", False),
                create_accounts=settings.get("create_accounts", True),
                trust_mfa=settings.get("trust_mfa", True),
                mfa_amr=" ".join(settings.get("mfa_amr", DEFAULT_MFA_AMR)),
                mfa_acr=" ".join(settings.get("mfa_acr", [])),
                single_logout=settings.get("single_logout", True),
                **{f"idp_{key}": value for key, value in settings.get("idp", {}).items()},
            )
            for field, claim in settings.get("claims", {}).items():
                self.initial[f"claim_{field}"] = claim

    def clean_sso_only_domains(self):
        return typed_domains(self.cleaned_data["sso_only_domains"])

    def clean(self):
        data = super().clean()
        needed = (
            ["idp_entity_id", "idp_sso_url", "idp_x509cert"]
            if data.get("provider") == "saml"
            else ["server_url", "secret"]
        )
        for name in needed:
            if not data.get(name) and name not in self.errors:
                self.add_error(name, forms.Field.default_error_messages["required"])
        return data

    def save(self, commit=True):
        data = self.cleaned_data
        if data["provider"] == "saml":
            protocol = {
                "idp": {
                    key: data[f"idp_{key}"].strip()
                    for key in ["entity_id", "sso_url", "slo_url", "x509cert"]
                    if data[f"idp_{key}"].strip()
                },
                "advanced": {"want_assertion_signed": True, "reject_idp_initiated_sso": True},
            }
        else:
            protocol = {"server_url": data["server_url"]}
        self.instance.settings = {
            **(self.instance.settings or {}),
            **protocol,
            "sso_only_domains": data["sso_only_domains"],
            "verified_email": data["verified_email"],
            "create_accounts": data["create_accounts"],
            "trust_mfa": data["trust_mfa"],
            "mfa_amr": _words(data["mfa_amr"]),
            "mfa_acr": _words(data["mfa_acr"]),
            "single_logout": data["single_logout"],
            "claims": {field: data[f"claim_{field}"].strip() for field in ATTRIBUTES},
        }
        return super().save(commit=commit)


admin.site.unregister(SocialApp)
# Access tokens are never kept (SOCIALACCOUNT_STORE_TOKENS): nothing to show.
admin.site.unregister(SocialToken)


@admin.register(SocialApp)
class IdentityProviderAdmin(SocialAppAdmin):
    form = IdentityProviderForm
    list_display = ("name", "provider_id", "client_id")
