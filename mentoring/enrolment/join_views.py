"""Join links: the coordinator's panel and pending joins, and the page whoever opens one sees."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.adapter import JOIN_LINK_SESSION_KEY, domains_text
from mentoring.enrolment import join_links
from mentoring.enrolment.access import (
    find_join_link,
    get_join_link_for_coordinator,
    get_join_request_for_coordinator,
)
from mentoring.enrolment.join_forms import JoinForm, JoinLinkForm
from mentoring.enrolment.models import JoinRequest
from mentoring.programs.models import Participant

JOINS_PER_PAGE = 25
NEW_LINK_KEY = "enrolment_new_join_link"  # the new link's secret, shown once, then forgotten


@login_required
def join_link(request, pk):
    """The program's join link: its limits, and making one where there is none."""
    program, link = get_join_link_for_coordinator(request.user, pk)
    if request.method == "POST" and program.is_archived:
        messages.error(
            request,
            gettext("%(program)s is archived: it takes no one new, by any link.")
            % {"program": program},
        )
        return redirect(program)
    form = JoinLinkForm(request.POST if request.method == "POST" else None, instance=link)
    if request.method == "POST" and form.is_valid():
        if link is None:
            _, token = join_links.create_join_link(
                program=program,
                created_by=request.user,
                expires_at=form.expires_at,
                allowed_domains=form.cleaned_data["domains"],
                needs_approval=form.cleaned_data["needs_approval"],
            )
            request.session[NEW_LINK_KEY] = [program.pk, token]
            messages.success(request, gettext("The join link is ready: copy it now and share it."))
        else:
            form.save()
            messages.success(request, gettext("The join link's limits are saved."))
        return redirect("enrolment:join_link", program.pk)
    new_url = None
    shown = request.session.pop(NEW_LINK_KEY, None) if link is not None else None
    if shown and shown[0] == program.pk:
        new_url = request.build_absolute_uri(reverse("enrolment:join", args=[shown[1]]))
    context = {
        "program": program,
        "link": link,
        "form": form,
        "new_url": new_url,
        "waiting": JoinRequest.objects.filter(program=program).count(),
    }
    return render(request, "enrolment/join_link.html", context)


@login_required
@require_POST
def renew_join_link(request, pk):
    program, link = get_join_link_for_coordinator(request.user, pk)
    if link is None:
        messages.info(request, gettext("The program has no join link yet: make one below."))
        return redirect("enrolment:join_link", program.pk)
    _, token = join_links.renew_join_link(link=link, created_by=request.user)
    request.session[NEW_LINK_KEY] = [program.pk, token]
    messages.success(request, gettext("Your new join link is ready; the old one no longer works."))
    return redirect("enrolment:join_link", program.pk)


@login_required
@require_POST
def revoke_join_link(request, pk):
    program, _ = get_join_link_for_coordinator(request.user, pk)
    if join_links.revoke_join_link(program=program):
        messages.success(request, gettext("The join link is turned off: it no longer works."))
    else:
        messages.info(request, gettext("The program had no join link."))
    return redirect("enrolment:join_link", program.pk)


@login_required
def joins(request, pk):
    """People who joined by the link and wait for a coordinator's approval, oldest first."""
    program, link = get_join_link_for_coordinator(request.user, pk)
    waiting = JoinRequest.objects.filter(program=program).for_coordinators()
    page = Paginator(waiting, JOINS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "enrolment/joins.html", {"program": program, "link": link, "page": page}
    )


@login_required
@require_POST
def approve_join(request, pk, join_pk):
    program, join_request = get_join_request_for_coordinator(request.user, pk, join_pk)
    try:
        participant = join_links.approve_join(join_request=join_request)
    except join_links.JoinRefused as refusal:
        messages.error(request, refusal.messages[0])
        return redirect("enrolment:joins", program.pk)
    messages.success(
        request,
        gettext("%(person)s is now a %(role)s in %(program)s; we told them.")
        % {
            "person": participant.user,
            "role": participant.get_role_display().lower(),
            "program": program,
        },
    )
    return redirect("enrolment:joins", program.pk)


@login_required
@require_POST
def decline_join(request, pk, join_pk):
    program, join_request = get_join_request_for_coordinator(request.user, pk, join_pk)
    join_links.decline_join(join_request=join_request)
    messages.info(
        request,
        gettext("Declined: %(person)s is not in %(program)s; we told them.")
        % {"person": join_request.user, "program": program},
    )
    return redirect("enrolment:joins", program.pk)


def _gone(request, message, status):
    return render(request, "enrolment/join_gone.html", {"message": message}, status=status)


def join(request, token):
    """Whoever opens a program's join link: sign up or in, then join as a mentee or mentor."""
    link = find_join_link(token)
    if link is None:
        message = gettext(
            "This join link does not work. Check that it was copied whole, or ask the "
            "program's coordinator for the link again."
        )
        return _gone(request, message, 404)
    program = link.program
    if link.is_revoked or link.is_expired or join_links.closed_to_joins(program):
        # No user: these reasons are the same for everyone.
        return _gone(request, join_links.why_not(link=link, user=request.user), 410)
    context = {
        "program": program,
        "link": link,
        "domains": domains_text(link.allowed_domains),
    }
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect_to_login(request.get_full_path())
        # The sign-up policy (accounts/adapter.py) lets holders of a join link sign up.
        request.session[JOIN_LINK_SESSION_KEY] = link.pk
        back = urlencode({"next": request.path})
        context |= {
            "signup_url": f"{reverse('account_signup')}?{back}",
            "login_url": f"{reverse('account_login')}?{back}",
        }
        return render(request, "enrolment/join.html", context)
    if reason := join_links.why_not(link=link, user=request.user):
        return render(request, "enrolment/join.html", context | {"reason": reason})
    form = JoinForm(request.POST if request.method == "POST" else None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            joined = join_links.join_program(
                link=link,
                user=form.save(commit=False),
                role=Participant.Role(form.cleaned_data["role"]),
                profile_fields=form.changed_profile,
            )
        except join_links.JoinRefused as refusal:
            return render(
                request, "enrolment/join.html", context | {"reason": " ".join(refusal.messages)}
            )
        except ValidationError as error:
            # The profile's own rules (a capacity below the mentees one has now), by the field.
            form.add_error(None, error)
            return render(request, "enrolment/join.html", context | {"form": form})
        request.session.pop(JOIN_LINK_SESSION_KEY, None)
        if joined.waiting:
            messages.info(
                request,
                gettext(
                    "You asked to join %(program)s. A coordinator approves who joins; "
                    "we will email you when they have."
                )
                % {"program": program},
            )
        else:
            role = joined.participant.get_role_display().lower()
            messages.success(
                request,
                gettext("Welcome to %(program)s: you are now a %(role)s there.")
                % {"program": program, "role": role},
            )
        return redirect("home")
    return render(request, "enrolment/join.html", context | {"form": form})
