"""The member's own answers: the fit check (and its way out), the pulse survey and the closing
feedback. Each is for the pair's two members only; coordinators and strangers get a 404 (the
access helper), and a form sent back with errors answers 400 with what was typed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.closure.services import ClosureError
from mentoring.health import services
from mentoring.health.forms import ClosingFeedbackForm, EndNotAFitForm, FitCheckForm, PulseForm
from mentoring.health.models import (
    ClosingFeedback,
    FitCheck,
    PulseSurvey,
    pulse_opens_at,
    pulse_round_at,
)
from mentoring.programs.access import get_mentorship_for_member
from mentoring.programs.models import Participant


def _answer_page(
    request,
    mentorship,
    *,
    form_class,
    mine,
    closed,
    save,
    saved: str,
    template,
    context,
    answering,
    refused=False,
):
    """Show the member's answer form; when `answering` (a POST of it) save it
    (`save(**cleaned_data)`), say `saved` and come back to the page, or show it again with the
    errors. `refused`: another form of the page was sent back with errors (a 400 too)."""
    here = request.path
    if answering and closed:
        messages.error(request, closed)
        return redirect(here)
    form = None if closed else form_class(request.POST if answering else None, instance=mine)
    if answering and form.is_valid():
        try:
            save(**form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, saved)
            return redirect(here)
    context |= {
        "mentorship": mentorship,
        "partner": mentorship.partner_of(request.user),
        "form": form,
        "mine": mine,
        "closed": closed,
        "is_mentee": mentorship.role_of(request.user) == Participant.Role.MENTEE,
    }
    status = 400 if refused or (form is not None and form.is_bound) else 200
    return render(request, template, context, status=status)


def _fit_check_page(request, mentorship, *, end_form=None):
    """The fit check; `end_form` is a refused "end the mentorship" form to show again."""
    mine = FitCheck.objects.filter(mentorship=mentorship, author=request.user).first()
    answer = mine.answer if mine else None

    def save(**answers):
        services.answer_fit_check(mentorship=mentorship, user=request.user, **answers)

    return _answer_page(
        request,
        mentorship,
        form_class=FitCheckForm,
        mine=mine,
        closed=services.why_fit_check_closed(mentorship),
        save=save,
        saved=gettext("Your answer is saved. Only you can see it."),
        template="health/fit_check.html",
        answering=request.method == "POST" and end_form is None,
        refused=end_form is not None,
        context={
            "end_form": end_form or EndNotAFitForm(),
            "offer_way_out": services.why_no_way_out(mentorship, answer=answer) is None,
        },
    )


@login_required
def fit_check(request, pk):
    mentorship, _ = get_mentorship_for_member(request.user, pk)
    return _fit_check_page(request, mentorship)


@login_required
@require_POST
def end_not_a_fit(request, pk):
    """The way out after answering "Not a fit": the pair ends at once, and a mentee goes back
    to choosing a mentor."""
    mentorship, _ = get_mentorship_for_member(request.user, pk)
    form = EndNotAFitForm(request.POST)
    if not form.is_valid():
        return _fit_check_page(request, mentorship, end_form=form)
    try:
        services.end_as_not_a_fit(mentorship=mentorship, user=request.user)
    except ClosureError as error:
        messages.error(request, str(error))
        return redirect("health:fit_check", pk)
    if mentorship.role_of(request.user) == Participant.Role.MENTEE:
        messages.success(
            request,
            gettext(
                "Your mentorship has ended. Your self-reflection and your notes are kept: "
                "choose another mentor when you are ready."
            ),
        )
        return redirect("preparation:mentor_directory", mentorship.program_id)
    text = gettext("Your mentorship has ended. %(mentee)s has been told by email.")
    messages.success(request, text % {"mentee": mentorship.mentee})
    return redirect("home")


@login_required
def pulse(request, pk):
    mentorship, _ = get_mentorship_for_member(request.user, pk)
    now = timezone.now()
    closed = services.why_pulse_closed(mentorship, now=now)
    number = pulse_round_at(mentorship, now)
    mine = PulseSurvey.objects.filter(
        mentorship=mentorship, author=request.user, round=number
    ).first()

    def save(**answers):
        services.answer_pulse(mentorship=mentorship, user=request.user, **answers)

    return _answer_page(
        request,
        mentorship,
        form_class=PulseForm,
        mine=mine,
        closed=closed,
        save=save,
        saved=gettext("Thank you: your answers are saved."),
        template="health/pulse.html",
        answering=request.method == "POST",
        context={
            "round": number,
            "next_opens_at": None if closed else pulse_opens_at(mentorship, number + 1),
        },
    )


@login_required
def closing_feedback(request, pk):
    mentorship, _ = get_mentorship_for_member(request.user, pk)
    mine = ClosingFeedback.objects.filter(mentorship=mentorship, author=request.user).first()

    def save(**answers):
        services.give_closing_feedback(mentorship=mentorship, user=request.user, **answers)

    return _answer_page(
        request,
        mentorship,
        form_class=ClosingFeedbackForm,
        mine=mine,
        closed=services.why_feedback_closed(mentorship),
        save=save,
        template="health/closing_feedback.html",
        answering=request.method == "POST",
        saved=gettext("Thank you: your feedback is saved."),
        context={},
    )
