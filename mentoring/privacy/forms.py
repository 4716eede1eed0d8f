from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class DeleteAccountForm(forms.Form):
    """Proof that the person at the keyboard owns the account: their password, or, for an
    account without one, a code from their authenticator app."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    code = forms.CharField(
        label=_("A code from your authenticator app"),
        max_length=6,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    understood = forms.BooleanField(
        label=_("I understand that my account and what I kept private are erased for good"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.totp = None
        if user.has_usable_password():
            del self.fields["code"]
            return
        del self.fields["password"]
        authenticator = Authenticator.objects.filter(
            user=user, type=Authenticator.Type.TOTP
        ).first()
        if authenticator is None:
            del self.fields["code"]
        else:
            self.totp = TOTP(authenticator)

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(
                gettext("That is not your password."), code="wrong_password"
            )
        return password

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not self.totp.validate_code(code):
            raise forms.ValidationError(
                gettext("That code is not right, or has expired."), code="bad_code"
            )
        return code
