from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.agreements.models import version_in_effect
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.enabling import services
from mentoring.enabling.access import (
    get_mentorship_for_plan,
    get_rw_mentorship_for_plan,
    get_rw_step_for_member,
    get_step_to_tick,
)
from mentoring.enabling.forms import CheckInForm, SectionForm, StepForm, section_form_id
from mentoring.enabling.models import (
    PLAN_ITEMS,
    STEPS_LABELS,
    PairCheckIn,
    PlanSection,
    check_in_due_on,
)
from mentoring.lib.pdf import pdf_response, pdf_view, render_pdf
from mentoring.programs.models import Participant


def _is_htmx(request) -> bool:
    return request.headers.get("HX-Request") == "true"


def _plan_url(mentorship, position=None) -> str:
    url = reverse("enabling:action_plan", args=[mentorship.pk])
    return f"{url}#goal-{position}" if position else url


def _step_form(mentorship, position, owner, data=None):
    """The form adding a step to one list of the plan."""
    return StepForm(
        data, prefix=f"goal{position}-{owner}", earliest=services.earliest_target(mentorship)
    )


def _edit_step_form(mentorship, step, data=None):
    return StepForm(
        data,
        prefix=f"step{step.pk}",
        earliest=services.earliest_target(mentorship),
        initial={"what": step.what, "target_on": step.target_on},
    )


def _plan_page(request, mentorship, can_edit, *, bound=None, status=200, conflict=None):
    """The plan page; `bound` holds forms that failed, keyed ("section", position) or
    ("step", position, owner), shown with their errors and the text the user typed."""
    bound = bound or {}
    version = version_in_effect(mentorship)
    plans = services.plan_of(mentorship, version) if version else []
    for plan in plans:
        plan.form = bound.get(("section", plan.position)) or SectionForm(section=plan.section)
        plan.form_id = section_form_id(plan.position)
        plan.step_lists = [
            {
                "owner": owner,
                "label": STEPS_LABELS[owner],
                "steps": plan.steps[owner],
                "form": bound.get(("step", plan.position, owner))
                or _step_form(mentorship, plan.position, owner),
            }
            for owner in Participant.Role.values
        ]
        if conflict and conflict.position == plan.position:
            plan.saved = [
                (plan.form[name].label, getattr(conflict, name))
                for name in PlanSection.TEXT_FIELDS
            ]
    context = {
        "mentorship": mentorship,
        "can_edit": can_edit,
        "version": version,
        "plans": plans,
        "my_role": mentorship.role_of(request.user),
        "conflict": conflict,
    }
    return render(request, "enabling/action_plan.html", context, status=status)


@login_required
def action_plan(request, pk):
    mentorship, can_edit = get_mentorship_for_plan(request.user, pk)
    return _plan_page(request, mentorship, can_edit)


@login_required
@require_POST
def save_section(request, pk, position):
    mentorship = get_rw_mentorship_for_plan(request.user, pk)
    section = PlanSection(mentorship=mentorship, position=position)
    form = SectionForm(request.POST, section=section)
    if not form.is_valid():
        return _plan_page(
            request, mentorship, True, bound={("section", position): form}, status=400
        )
    try:
        changed = services.save_section(
            mentorship=mentorship,
            position=position,
            user=request.user,
            values=form.values(),
            revision=form.cleaned_data["revision"],
        )
    except services.SectionConflict as conflict:
        data = request.POST.copy()
        data[form.add_prefix("revision")] = conflict.section.revision
        form = SectionForm(data, section=conflict.section)
        form.is_valid()
        return _plan_page(
            request,
            mentorship,
            True,
            bound={("section", position): form},
            status=409,
            conflict=conflict.section,
        )
    except services.PlanError as error:
        messages.error(request, str(error))
        return redirect(_plan_url(mentorship))
    if changed:
        messages.success(
            request,
            gettext("Your changes to goal %(position)s are saved.") % {"position": position},
        )
    else:
        messages.info(request, gettext("Nothing had changed, so there was nothing to save."))
    return redirect(_plan_url(mentorship, position))


def _row(request, mentorship, step, *, focus_edit=False):
    return render_to_string(
        "enabling/includes/steps.html#step_row",
        {
            "mentorship": mentorship,
            "step": step,
            "can_edit": True,
            "my_role": mentorship.role_of(request.user),
            "focus_edit": focus_edit,
        },
        request=request,
    )


def _status(text: str) -> str:
    return render_to_string("enabling/action_plan.html#plan_status", {"status_text": text})


@login_required
@require_POST
def add_step(request, pk, position, owner):
    mentorship = get_rw_mentorship_for_plan(request.user, pk)
    if owner not in Participant.Role.values:
        raise Http404("Steps belong to the mentee or the mentor.")
    form = _step_form(mentorship, position, owner, request.POST)
    step = None
    if form.is_valid():
        try:
            step = services.add_step(
                mentorship=mentorship,
                position=position,
                owner=owner,
                what=form.cleaned_data["what"],
                target_on=form.cleaned_data["target_on"],
                user=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.PlanError as error:
            messages.error(request, str(error))
            return redirect(_plan_url(mentorship))
    if not _is_htmx(request):
        if step is None:
            return _plan_page(
                request, mentorship, True, bound={("step", position, owner): form}, status=400
            )
        messages.success(request, gettext("Action step added: %(what)s") % {"what": step.what})
        return redirect(_plan_url(mentorship, position))
    # htmx: the new row goes at the end of the list; the form comes back out of band, empty
    # after a success and with the errors and typed text after a failure.
    context = {
        "mentorship": mentorship,
        "position": position,
        "owner": owner,
        "form": _step_form(mentorship, position, owner) if step else form,
        "oob": True,
        "autofocus": step is not None,
    }
    parts = [render_to_string("enabling/includes/steps.html#step_form", context, request=request)]
    if step:
        parts.insert(0, _row(request, mentorship, step))
        parts.append(_status(gettext("Action step added: %(what)s") % {"what": step.what}))
    else:
        parts.append(
            _status(gettext("The action step was not added: see the errors in the form."))
        )
    return HttpResponse("".join(parts))


@login_required
def step(request, pk, step):
    """One step's row, as htmx puts it back when someone stops changing it."""
    mentorship, action_step = get_rw_step_for_member(request.user, pk, step)
    if action_step is None or not _is_htmx(request):
        return redirect(_plan_url(mentorship))
    return HttpResponse(_row(request, mentorship, action_step, focus_edit=True))


@login_required
def edit_step(request, pk, step):
    """Change a step in place: htmx swaps its row for this form and back; without JavaScript
    the form is a page of its own."""
    mentorship, action_step = get_rw_step_for_member(request.user, pk, step)
    if action_step is None:
        text = gettext("That action step has been removed.")
        if _is_htmx(request):
            return HttpResponse(_status(text))
        messages.info(request, text)
        return redirect(_plan_url(mentorship))
    position = action_step.section.position
    form = _edit_step_form(
        mentorship, action_step, request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            changed = services.edit_step(
                step=action_step,
                mentorship=mentorship,
                user=request.user,
                what=form.cleaned_data["what"],
                target_on=form.cleaned_data["target_on"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        except services.PlanError as error:
            messages.error(request, str(error))
            return redirect(_plan_url(mentorship))
        else:
            if changed:
                text = gettext("Action step saved: %(what)s") % {"what": action_step.what}
            else:
                text = gettext("Nothing had changed, so there was nothing to save.")
            if _is_htmx(request):
                return HttpResponse(
                    _row(request, mentorship, action_step, focus_edit=True) + _status(text)
                )
            messages.add_message(request, messages.SUCCESS if changed else messages.INFO, text)
            return redirect(_plan_url(mentorship, position))
    context = {
        "mentorship": mentorship,
        "step": action_step,
        "form": form,
        "autofocus": True,
    }
    if _is_htmx(request):
        parts = [
            render_to_string("enabling/edit_step.html#step_edit_row", context, request=request)
        ]
        if form.errors:
            parts.append(
                _status(gettext("The action step was not saved: see the errors in the form."))
            )
        return HttpResponse("".join(parts))
    status = 400 if form.errors else 200
    return render(request, "enabling/edit_step.html", context, status=status)


@login_required
@require_POST
def remove_step(request, pk, step):
    mentorship, action_step = get_rw_step_for_member(request.user, pk, step)
    if action_step is None:
        text = gettext("That action step had already been removed.")
    else:
        try:
            services.remove_step(step=action_step, mentorship=mentorship, user=request.user)
        except services.PlanError as error:
            messages.error(request, str(error))
            return redirect(_plan_url(mentorship))
        text = gettext("Action step removed: %(what)s") % {"what": action_step.what}
    if _is_htmx(request):
        return HttpResponse(_status(text))
    messages.success(request, text)
    return redirect(_plan_url(mentorship))


@login_required
@require_POST
def tick_step(request, pk, step):
    mentorship, action_step = get_step_to_tick(request.user, pk, step)
    if action_step is None:
        messages.info(request, gettext("That action step has been removed."))
        return redirect(_plan_url(mentorship))
    done = request.POST.get("done") == "yes"
    try:
        services.set_step_done(
            step=action_step, mentorship=mentorship, user=request.user, done=done
        )
    except services.PlanError as error:
        messages.error(request, str(error))
        return redirect(_plan_url(mentorship))
    text = (gettext("Done: %(what)s") if done else gettext("Not done: %(what)s")) % {
        "what": action_step.what
    }
    if _is_htmx(request):
        return HttpResponse(_row(request, mentorship, action_step) + _status(text))
    messages.success(request, text)
    return redirect(_plan_url(mentorship, action_step.section.position))


@login_required
@pdf_view
def action_plan_pdf(request, pk):
    mentorship, _ = get_mentorship_for_plan(request.user, pk)
    version = version_in_effect(mentorship)
    if version is None:
        messages.info(
            request, gettext("The action plan opens once you have both signed the agreement.")
        )
        return redirect(_plan_url(mentorship))
    context = {
        "mentorship": mentorship,
        "version": version,
        "plans": services.plan_of(mentorship, version),
        "items": PLAN_ITEMS,
        "printed_on": timezone.localdate(),
    }
    pdf = render_pdf("enabling/action_plan_pdf.html", context)
    record(Action.PDF_DOWNLOADED, mentorship=mentorship, detail="action_plan")
    return pdf_response(pdf, f"action-plan-{slugify(mentorship.mentee)}.pdf")


@login_required
def check_in(request, pk):
    if request.method == "POST":
        get_rw_mentorship_for_plan(request.user, pk)
    mentorship, can_edit = get_mentorship_for_plan(request.user, pk)
    check_in = PairCheckIn.of(mentorship)
    mine = check_in.own(request.user)
    theirs = check_in.partners(request.user)
    version = version_in_effect(mentorship)
    form = None
    if can_edit and version is not None:
        form = CheckInForm(request.POST or None, instance=mine)
        if request.method == "POST" and form.is_valid():
            try:
                _, asked = services.answer_check_in(
                    mentorship=mentorship, user=request.user, values=form.values()
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                saved = gettext("Your check-in answers are saved.")
                if asked:
                    asked_text = gettext("Your coordinator has been asked to get in touch.")
                    saved = f"{saved} {asked_text}"
                messages.success(request, saved)
                return redirect("enabling:check_in", pk)
    elif request.method == "POST":
        messages.error(
            request, gettext("The check-in opens once you have both signed the agreement.")
        )
        return redirect("enabling:check_in", pk)
    context = {
        "mentorship": mentorship,
        "can_edit": can_edit,
        "version": version,
        "form": form,
        "mine": mine,
        "theirs": theirs,
        "partner": mentorship.partner_of(request.user),
        "partner_answered": check_in.partner_has_answered(request.user),
        "status": check_in.status,
        "due_on": check_in_due_on(mentorship),
        "goals_need_change": (mine and mine.goals_need_change)
        or (theirs and theirs.goals_need_change),
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "enabling/check_in.html", context, status=status)
