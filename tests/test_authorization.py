"""Who gets what from every URL: the matrix of tests/access_matrix.py, and rules for the admin
and allauth.

Every named URL of the URLconf is a case here, so a new one without a row fails, naming itself.
Each case builds the world (tests/world.py) and asks as each persona; every request is rolled
back, so the next persona meets the same world.
"""

import pytest
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import Resolver404, URLResolver, get_resolver, resolve, reverse

from mentoring.programs.models import Mentorship
from tests.access_matrix import ROWS
from tests.world import PERSONAS, fetch

pytestmark = pytest.mark.django_db


def named_urls() -> dict:
    """{name: pattern} for every named URL of the URLconf, admin and allauth included."""

    def walk(patterns, namespaces):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = (*namespaces, entry.namespace) if entry.namespace else namespaces
                yield from walk(entry.url_patterns, inner)
            elif entry.name:
                yield ":".join((*namespaces, entry.name)), entry

    return dict(walk(get_resolver().url_patterns, ()))


def group(name, pattern) -> str:
    if name.startswith("admin:"):
        return "admin"
    if pattern.callback.__module__.startswith("allauth."):
        return "allauth"
    return "project"


URLS = named_urls()
GROUPS = {
    kind: [name for name, pattern in URLS.items() if group(name, pattern) == kind]
    for kind in ("project", "admin", "allauth")
}


def redirects_to(response) -> str | None:
    """The URL name a redirect goes to, if it is one of the site's."""
    if response.status_code != 302:
        return None
    try:
        return resolve(response["Location"].split("?")[0]).view_name
    except Resolver404:
        return None


def leaks(world, persona, response) -> list[str]:
    """The private texts of the world this response shows a persona who may not read them."""
    if not response.get("Content-Type", "").startswith("text/"):
        return []  # PDFs are compressed: their text is not searchable here
    body = response.body.decode(errors="replace")
    return [
        f"shows {persona} {text}"
        for text, allowed in world.private.items()
        if persona not in allowed and text in body
    ]


def each_request(world, url):
    """(persona, method, response) for GET then POST as each persona: the POST comes last, as
    one may sign the persona out."""
    for persona in PERSONAS:
        for method in ("get", "post"):
            yield persona, method, fetch(world.clients[persona], method, url)


def test_every_row_of_the_matrix_names_a_url():
    stale = sorted(set(ROWS) - set(GROUPS["project"]))
    assert not stale, f"rows for URL names that no longer exist: {', '.join(stale)}"


@pytest.mark.parametrize("name", GROUPS["project"])
def test_it_answers_every_persona_as_the_matrix_says(name, world):
    if name not in ROWS:
        pytest.fail(
            f"the URL {name!r} has no row in tests/access_matrix.py: add one saying what each "
            "persona gets on GET and POST"
        )
    row = ROWS[name]
    url = reverse(name, kwargs=row.kwargs(world))
    wrong = []
    for persona, method, response in each_request(world, url):
        expected = getattr(row, method)[persona]
        if response.status_code != expected:
            wrong.append(f"{method.upper()} as {persona}: {response.status_code}, not {expected}")
        target = redirects_to(response)
        if persona == "anonymous" and row.get[persona] == 302 and response.status_code == 302:
            if target != "account_login":
                wrong.append(f"{method.upper()} as anonymous: redirects to {target}, not sign-in")
        elif persona != "anonymous" and target == "account_login":
            wrong.append(f"{method.upper()} as {persona}: sent to sign in again")
        wrong += [f"{method.upper()} {leak}" for leak in leaks(world, persona, response)]
    assert not wrong, f"{name} ({url}):\n  " + "\n  ".join(wrong)


def admin_kwargs(name, world) -> dict:
    """The kwargs of an admin URL, by rule: a change page opens an object of its model."""
    short = name.removeprefix("admin:")
    models = {f"{m._meta.app_label}_{m._meta.model_name}": m for m in admin.site._registry}
    if short == "auth_user_password_change":
        return {"id": world.personas["staff"].pk}
    if short == "app_list":
        return {"app_label": "programs"}
    if short == "view_on_site":
        content_type = ContentType.objects.get_for_model(Mentorship)
        return {"content_type_id": content_type.pk, "object_id": world.enabling.pk}
    for view in ("change", "delete", "history"):
        model = models.get(short.removesuffix(f"_{view}"))
        if short.endswith(f"_{view}") and model is not None:
            obj = model._default_manager.first()
            assert obj is not None, f"the world has no {model.__name__} for {name}"
            return {"object_id": obj.pk}
    return {}


# Staff pages that are not a plain 200 on GET.
STAFF_GET = {
    "admin:login": 302,  # signed in already
    "admin:logout": 405,  # a POST
    "admin:autocomplete": 403,  # a lookup that names no field
    "admin:view_on_site": 302,  # to the object's page on the site
}


def staff_get(name, world) -> int:
    """200, unless the model's admin refuses adding or deleting (read-only records)."""
    short = name.removeprefix("admin:")
    request = RequestFactory().get("/")
    request.user = world.personas["staff"]
    for model, model_admin in admin.site._registry.items():
        prefix = f"{model._meta.app_label}_{model._meta.model_name}"
        if short == f"{prefix}_add":
            return 200 if model_admin.has_add_permission(request) else 403
        if short == f"{prefix}_delete":
            allowed = model_admin.has_delete_permission(request, model._default_manager.first())
            return 200 if allowed else 403
    return STAFF_GET.get(name, 200)


@pytest.mark.parametrize("name", GROUPS["admin"])
def test_only_staff_reach_the_admin(name, world, settings):
    # Task results are the database backend's; tests run tasks at once, without it.
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    url = reverse(name, kwargs=admin_kwargs(name, world))
    wrong = []
    for persona, method, response in each_request(world, url):
        status, target = response.status_code, redirects_to(response)
        if persona != "staff":
            # Sent to sign in (as staff), or refused: never an admin page.
            if status != 403 and target not in ("admin:login", "account_login", "admin:index"):
                wrong.append(f"{method.upper()} as {persona}: {status} to {target}")
        elif method == "get" and status != (expected := staff_get(name, world)):
            wrong.append(f"GET as staff: {status}, not {expected}")
        elif method == "post" and status not in (200, 302, 403, 405):
            wrong.append(f"POST as staff: {status}")
    assert not wrong, f"{name} ({url}):\n  " + "\n  ".join(wrong)


# allauth's page for a sign-in through a provider that failed says so with its status.
LOGIN_ERROR = ("socialaccount_login_error", 401)


@pytest.mark.parametrize("name", GROUPS["allauth"])
def test_allauth_pages_are_public_or_the_persons_own(name, world):
    """Signing in, up and out, and one's own email, password and two factors: no page of
    allauth names another person's object, so nobody is refused (403), and signed-out people
    are sent to sign in (or home, from signing out)."""
    pattern = URLS[name].pattern
    kwargs = dict.fromkeys(pattern.regex.groupindex, "0")
    if name.startswith("openid_connect_"):
        # Named by the include around it: a provider nobody configured.
        kwargs = {"provider_id": "0"}
    elif name.startswith("saml_"):
        kwargs = {"organization_slug": "0"}
    url = reverse(name, kwargs=kwargs)
    wrong = []
    for persona, method, response in each_request(world, url):
        status, target = response.status_code, redirects_to(response)
        if name == "socialaccount_signup" and target == "account_login":
            continue  # Finishing a provider's sign-up: without one under way, sign in first.
        if name == "saml_acs" and (target == "saml_finish_acs" or status == 400):
            continue  # What the IdP posted goes on to be checked; posted again, refused.
        if status not in (200, 302, 404, 405) and (name, status) != LOGIN_ERROR:
            wrong.append(f"{method.upper()} as {persona}: {status}")
        elif persona == "anonymous" and status == 302 and target not in ("account_login", "home"):
            wrong.append(f"{method.upper()} as anonymous: redirects to {target}")
        elif persona != "anonymous" and target == "account_login":
            wrong.append(f"{method.upper()} as {persona}: sent to sign in again")
        wrong += [f"{method.upper()} {leak}" for leak in leaks(world, persona, response)]
    assert not wrong, f"{name} ({url}):\n  " + "\n  ".join(wrong)


# The kwargs naming an object inside a pair (or a program): with the pair swapped for one's
# own, the object must still be out of reach: a 404, or (the action plan's steps, which treat
# a step not in the pair as one just removed) a redirect to one's own pair.
INNER = {"meeting_id", "step", "closure_pk", "goal_pk", "number", "request_pk"}


def test_an_object_never_opens_through_someone_elses_pair_or_program(world):
    wrong, tried = [], 0
    for name, row in ROWS.items():
        kwargs = row.kwargs(world)
        if not INNER & set(kwargs):
            continue
        tried += 1
        persona = "other_coordinator" if "request_pk" in kwargs else "other_member"
        own = world.other_program if persona == "other_coordinator" else world.other_pair
        url = reverse(name, kwargs=kwargs | {"pk": own.pk})
        home = f"/mentorships/{own.pk}/"
        for method in ("get", "post"):
            response = fetch(world.clients[persona], method, url)
            if response.status_code == 302 and response["Location"].startswith(home):
                continue
            if response.status_code not in (404, 405):
                wrong.append(f"{method.upper()} {url} as {persona}: {response.status_code}")
    assert tried > 20, "the matrix has fewer URLs naming objects in a pair than it should"
    assert not wrong, "\n".join(wrong)
