from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.agreements.models import Goal
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.closure import services
from mentoring.closure.access import (
    get_goal_for_member,
    get_mentorship_for_mentee,
    get_proposal_for_member,
    get_rw_mentorship_for_mentee,
)
from mentoring.closure.forms import (
    CompleteForm,
    OutcomeForm,
    ReasonForm,
    ReflectionForm,
    ThankYouForm,
)
from mentoring.closure.models import (
    GUIDANCE,
    STEPS,
    ClosingReflection,
    GoalOutcome,
    Outcome,
    ThankYouNote,
    goal_outcomes,
    people_text,
)
from mentoring.closure.portfolio import portfolio_context
from mentoring.lib.pdf import pdf_response, pdf_view, render_pdf
from mentoring.programs.access import (
    get_mentorship_for_coordinator,
    get_mentorship_for_member,
    get_rw_mentorship_for_member,
)
from mentoring.programs.models import Participant, Phase


def goals_in_effect(mentorship) -> list[Goal]:
    return list(Goal.objects.in_effect_for(mentorship).order_by("position"))


def _closure_page(request, mentorship, can_edit, *, bound=None, status=200):
    """The closure page as the user may see it; `bound` holds a failed form to show again."""
    bound = bound or {}
    me = request.user
    closures = list(mentorship.closures.standing().select_related("proposed_by", "answered_by"))
    pending = next((c for c in closures if c.is_pending), None) if mentorship.is_open else None
    decided = next((c for c in closures if not c.is_pending), None)
    in_closure = mentorship.phase == Phase.CLOSURE
    context = {
        "mentorship": mentorship,
        "can_edit": can_edit,
        "guidance": GUIDANCE,
        "steps": STEPS,
        "pending": pending,
        "decided": decided,
        "partner": mentorship.partner_of(me),
        "is_mentee": mentorship.role_of(me) == Participant.Role.MENTEE,
    }
    if can_edit and mentorship.phase == Phase.ENABLING and pending is None:
        context["reason_form"] = bound.get("reason") or ReasonForm()
    if in_closure:
        rows = []
        for board in goal_outcomes(mentorship):
            mine = board.of(me)
            row = {
                "goal": board.goal,
                "mine": mine,
                "theirs": board.of(context["partner"]),
                "still_to_say": board.still_to_say,
                "still_to_say_text": people_text(board.still_to_say, me),
            }
            if can_edit:
                row["form"] = bound.get(board.goal.pk) or OutcomeForm(
                    instance=mine, goal=board.goal
                )
            rows.append(row)
        reflection = ClosingReflection.objects.filter(mentorship=mentorship, author=me).first()
        thank_you = ThankYouNote.objects.filter(mentorship=mentorship).first()
        context |= {"goal_rows": rows, "reflection": reflection, "thank_you": thank_you}
        if can_edit:
            context["reflection_form"] = bound.get("reflection") or ReflectionForm(
                instance=reflection
            )
            if context["is_mentee"] and thank_you is None:
                context["thanks_form"] = bound.get("thanks") or ThankYouForm()
            context["complete_form"] = bound.get("complete") or CompleteForm()
        context["still_to_record"] = [row for row in rows if row["still_to_say"]]
    return render(request, "closure/closure.html", context, status=status)


@login_required
def closure(request, pk):
    mentorship, can_edit = get_mentorship_for_member(request.user, pk)
    return _closure_page(request, mentorship, can_edit)


@login_required
@require_POST
def propose(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    form = ReasonForm(request.POST)
    if not form.is_valid():
        return _closure_page(request, mentorship, True, bound={"reason": form}, status=400)
    try:
        services.propose_closure(mentorship=mentorship, user=request.user, **form.cleaned_data)
    except services.ClosureError as error:
        messages.error(request, str(error))
    except ValidationError as error:
        form.add_error(None, error)
        return _closure_page(request, mentorship, True, bound={"reason": form}, status=400)
    else:
        messages.success(
            request,
            gettext("You proposed to close. %(partner)s has been asked by email to confirm.")
            % {"partner": mentorship.partner_of(request.user)},
        )
    return redirect("closure:closure", pk)


@login_required
@require_POST
def confirm(request, pk, closure_pk):
    closure = get_proposal_for_member(request.user, pk, closure_pk)
    try:
        services.confirm_closure(closure=closure, user=request.user)
    except services.ClosureError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            gettext(
                "You both agreed to close: you are in the Closure phase. Record how your goals "
                "ended, then complete the closure."
            ),
        )
    return redirect("closure:closure", pk)


@login_required
@require_POST
def decline(request, pk, closure_pk):
    closure = get_proposal_for_member(request.user, pk, closure_pk)
    try:
        services.decline_closure(closure=closure, user=request.user)
    except services.ClosureError as error:
        messages.error(request, str(error))
    else:
        messages.info(
            request,
            gettext("You declined the proposal to close; the mentorship carries on as it was."),
        )
    return redirect("closure:closure", pk)


@login_required
@require_POST
def withdraw(request, pk, closure_pk):
    closure = get_proposal_for_member(request.user, pk, closure_pk)
    try:
        services.withdraw_closure(closure=closure, user=request.user)
    except services.ClosureError as error:
        messages.error(request, str(error))
    else:
        messages.info(
            request,
            gettext(
                "You withdrew your proposal to close; the mentorship carries on as it was. "
                "%(partner)s has been told by email."
            )
            % {"partner": closure.mentorship.partner_of(request.user)},
        )
    return redirect("closure:closure", pk)


@login_required
@require_POST
def record_outcome(request, pk, goal_pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    goal = get_goal_for_member(mentorship, goal_pk)
    mine = GoalOutcome.objects.filter(goal=goal, author=request.user).first()
    form = OutcomeForm(request.POST, instance=mine, goal=goal)
    if form.is_valid():
        try:
            services.record_outcome(
                mentorship=mentorship, goal=goal, user=request.user, **form.cleaned_data
            )
        except services.ClosureError as error:
            messages.error(request, str(error))
            return redirect("closure:closure", pk)
        messages.success(
            request,
            gettext("Goal %(position)s: your outcome is saved.") % {"position": goal.position},
        )
        return redirect("closure:closure", pk)
    return _closure_page(request, mentorship, True, bound={goal.pk: form}, status=400)


@login_required
@require_POST
def save_closing_reflection(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    form = ReflectionForm(request.POST)
    if form.is_valid():
        try:
            services.save_closing_reflection(
                mentorship=mentorship, user=request.user, **form.cleaned_data
            )
        except services.ClosureError as error:
            messages.error(request, str(error))
            return redirect("closure:closure", pk)
        messages.success(request, gettext("Your reflection is saved. Only you can read it."))
        return redirect("closure:closure", pk)
    return _closure_page(request, mentorship, True, bound={"reflection": form}, status=400)


@login_required
@require_POST
def send_thanks(request, pk):
    mentorship = get_rw_mentorship_for_mentee(request.user, pk)
    form = ThankYouForm(request.POST)
    if form.is_valid():
        try:
            services.send_thanks(mentorship=mentorship, user=request.user, **form.cleaned_data)
        except services.ClosureError as error:
            messages.error(request, str(error))
            return redirect("closure:closure", pk)
        messages.success(
            request,
            gettext("Your thank-you note is on its way to %(mentor)s.")
            % {"mentor": mentorship.mentor},
        )
        return redirect("closure:closure", pk)
    return _closure_page(request, mentorship, True, bound={"thanks": form}, status=400)


@login_required
@require_POST
def offer_to_mentor(request, pk):
    get_mentorship_for_mentee(request.user, pk)
    services.offer_to_mentor(user=request.user)
    messages.success(
        request,
        gettext(
            "Thank you for offering to mentor others: mentees can now find you in the mentor "
            "directory. Fill in your areas of expertise and how many mentees you can take below."
        ),
    )
    return redirect("accounts:profile")


@login_required
@require_POST
def complete(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    form = CompleteForm(request.POST)
    try:
        if form.is_valid():
            services.complete_closure(mentorship=mentorship)
        else:
            # Say at once everything else that stands in the way, not one thing per attempt.
            services.check_completion(mentorship=mentorship)
    except services.OutcomesMissing as error:
        form.add_error(None, error.message_for(request.user))
    except services.ClosureError as error:
        messages.error(request, str(error))
        return redirect("closure:closure", pk)
    if form.errors:
        return _closure_page(request, mentorship, True, bound={"complete": form}, status=400)
    messages.success(
        request,
        gettext(
            "Closure is complete: congratulations, and celebrate! Your mentorship is now "
            "read-only; the certificate and the portfolio are yours to keep."
        ),
    )
    return redirect("closure:closure", pk)


@login_required
@pdf_view
def certificate(request, pk):
    mentorship, _ = get_mentorship_for_member(request.user, pk)
    if mentorship.is_open:
        messages.info(request, gettext("The certificate is ready once the closure is complete."))
        return redirect("closure:closure", pk)
    goals = goals_in_effect(mentorship)
    # The certificate is the mentee's: it lists the goals the mentee says were achieved.
    achieved = set(
        GoalOutcome.objects.filter(
            goal__in=goals, author_id=mentorship.mentee_id, outcome=Outcome.ACHIEVED
        ).values_list("goal_id", flat=True)
    )
    context = {
        "mentorship": mentorship,
        "achieved": [goal for goal in goals if goal.pk in achieved],
        "page_size": f"{settings.PDF_PAGE_SIZE} landscape",
    }
    pdf = render_pdf("closure/certificate_pdf.html", context)
    record(Action.PDF_DOWNLOADED, mentorship=mentorship, detail="certificate")
    return pdf_response(pdf, f"mentoring-certificate-{slugify(mentorship.mentee)}.pdf")


@login_required
@pdf_view
def portfolio(request, pk):
    mentorship, _ = get_mentorship_for_member(request.user, pk)
    context = portfolio_context(mentorship) | {"printed_on": timezone.localdate()}
    pdf = render_pdf("closure/portfolio_pdf.html", context)
    record(Action.PDF_DOWNLOADED, mentorship=mentorship, detail="portfolio")
    return pdf_response(pdf, f"mentoring-portfolio-{slugify(mentorship.mentee)}.pdf")


@login_required
def coordinator_close(request, pk):
    mentorship = get_mentorship_for_coordinator(request.user, pk)
    if not mentorship.is_open:
        messages.info(request, gettext("This mentorship is already closed; nothing changed."))
        return redirect(mentorship)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_by_coordinator(
                mentorship=mentorship, coordinator=request.user, **form.cleaned_data
            )
        except services.ClosureError as error:
            messages.error(request, str(error))
            return redirect(mentorship)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext(
                    "The mentorship is closed. Its mentee and mentor have been told by email."
                ),
            )
            return redirect(mentorship)
    context = {"mentorship": mentorship, "form": form, "guidance": GUIDANCE, "steps": STEPS}
    status = 400 if form.errors else 200
    return render(request, "closure/coordinator_close.html", context, status=status)
