"""Run the test provider: `python -m tests.oidc_provider.serve PORT` with OIDC_TEST_WORLD set."""

import os
import sys

import django


def main(port: int) -> None:
    os.environ["DJANGO_SETTINGS_MODULE"] = "tests.oidc_provider.settings"
    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.core.servers.basehttp import WSGIServer, run
    from django.core.wsgi import get_wsgi_application
    from oauth2_provider.models import Application

    call_command("migrate", verbosity=0)
    User = get_user_model()
    for username, person in settings.WORLD["people"].items():
        User.objects.create_user(username=username, password=person["password"])
    for client in settings.WORLD["clients"]:
        Application.objects.create(
            client_id=client["client_id"],
            client_secret=client["client_secret"],
            hash_client_secret=True,
            client_type=Application.CLIENT_CONFIDENTIAL,
            authorization_grant_type=Application.GRANT_AUTHORIZATION_CODE,
            algorithm=Application.RS256_ALGORITHM,
            redirect_uris=" ".join(client["redirect_uris"]),
            post_logout_redirect_uris=" ".join(client["post_logout_redirect_uris"]),
            skip_authorization=True,
            name=client["client_id"],
        )
    run("127.0.0.1", port, get_wsgi_application(), threading=True, server_cls=WSGIServer)


if __name__ == "__main__":
    main(int(sys.argv[1]))
