from django.conf import settings
from oauth2_provider.oauth2_validators import OAuth2Validator


class ClaimsValidator(OAuth2Validator):
    """Each person's claims as the test world gives them, `sub` included."""

    oidc_claim_scope = None

    def get_additional_claims(self, request):
        return settings.WORLD["people"][request.user.username]["claims"]
