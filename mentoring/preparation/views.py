from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.lib.page_cache import render_part
from mentoring.lib.pdf import pdf_response, pdf_view, render_pdf
from mentoring.preparation import services
from mentoring.preparation.access import (
    get_candidate_mentor,
    get_candidate_note,
    get_candidate_notes,
    get_mentorships_with_planning,
    get_planning_for_user,
    get_program_for_mentee,
    get_request_for_user,
    get_request_to_answer,
    get_request_to_withdraw,
    get_rw_planning_for_user,
    get_self_reflection,
)
from mentoring.preparation.forms import (
    CandidateNoteForm,
    DirectoryFilterForm,
    MentorRequestForm,
    PlanningTemplateForm,
    ResponseForm,
    SelfReflectionForm,
)
from mentoring.preparation.models import (
    CandidateNote,
    MentorRequest,
    PlanningTemplate,
    SelfReflection,
    available_mentors,
)

MENTORS_PER_PAGE = 20
REQUESTS_PER_PAGE = 20


def render_self_reflection(request, form, reflection):
    context = {
        "form": form,
        "reflection": reflection,
        "guidance": gettext(SelfReflection.GUIDANCE),
    }
    return render(request, "preparation/self_reflection.html", context)


@login_required
def self_reflection(request):
    reflection = get_self_reflection(request.user)
    form = SelfReflectionForm(request.POST or None, instance=reflection)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, gettext("Your draft is saved. Only you can see it."))
        return redirect("preparation:self_reflection")
    return render_self_reflection(request, form, reflection)


@login_required
@require_POST
def complete_self_reflection(request):
    reflection = get_self_reflection(request.user)
    form = SelfReflectionForm(request.POST, instance=reflection)
    if form.is_valid():
        try:
            services.complete_self_reflection(reflection=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, gettext("Your self-reflection is complete. You can still edit it.")
            )
            return redirect("preparation:self_reflection")
    return render_self_reflection(request, form, reflection)


@login_required
def my_preparation(request):
    """What the user prepared as a mentee, before and after pairing: their self-reflection,
    notes on candidate mentors and planning templates. Only they reach it."""
    context = {
        "reflection": SelfReflection.objects.filter(author=request.user).first(),
        "notes": list(get_candidate_notes(request.user)),
        "pairs": list(get_mentorships_with_planning(request.user)),
    }
    return render(request, "preparation/my_preparation.html", context)


@login_required
def mentor_directory(request, program_pk):
    program = get_program_for_mentee(request.user, program_pk)
    mentors = available_mentors(program).exclude(pk=request.user.pk)
    departments = sorted(
        {department for department in mentors.values_list("department", flat=True) if department}
    )
    filters = DirectoryFilterForm(request.GET, departments=departments)
    if filters.is_valid():
        if query := filters.cleaned_data["q"]:
            mentors = mentors.filter(Q(full_name__icontains=query) | Q(expertise__icontains=query))
        if department := filters.cleaned_data["department"]:
            mentors = mentors.filter(department=department)
    page = Paginator(mentors.order_by("full_name", "pk"), MENTORS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    noted = set(
        CandidateNote.objects.filter(
            author=request.user, mentor__in=[mentor.pk for mentor in page]
        ).values_list("mentor_id", flat=True)
    )
    context = {"program": program, "filters": filters, "page": page, "noted": noted}
    return render(request, "preparation/mentor_directory.html", context)


def can_ask_or_why_not(program, mentee, mentor) -> str:
    """An empty string if the mentee may ask this mentor now, else the reason they may not."""
    try:
        services.check_can_ask(program=program, mentee=mentee, mentor=mentor)
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


@login_required
def candidate(request, program_pk, mentor_pk):
    program = get_program_for_mentee(request.user, program_pk)
    mentor = get_candidate_mentor(program, mentor_pk)
    note = get_candidate_note(request.user, mentor)
    form = CandidateNoteForm(request.POST or None, instance=note)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(
            request,
            gettext("Your notes on %(mentor)s are saved. Only you can see them.")
            % {"mentor": mentor},
        )
        return redirect("preparation:candidate", program.pk, mentor.pk)
    context = {
        "program": program,
        "mentor": mentor,
        "form": form,
        "note": note,
        "cannot_ask": can_ask_or_why_not(program, request.user, mentor),
    }
    return render(request, "preparation/candidate.html", context)


@login_required
def ask_mentor(request, program_pk, mentor_pk):
    program = get_program_for_mentee(request.user, program_pk)
    mentor = get_candidate_mentor(program, mentor_pk)
    form = MentorRequestForm(request.POST or None)
    cannot_ask = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                mentor_request = services.send_mentor_request(
                    program=program, mentee=request.user, mentor=mentor, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, request_sent_message(mentor_request))
                return redirect(mentor_request)
    else:
        cannot_ask = can_ask_or_why_not(program, request.user, mentor)
    context = {
        "program": program,
        "mentor": mentor,
        "form": form,
        "cannot_ask": cannot_ask,
        "tips": MentorRequest.TIPS,
    }
    return render(request, "preparation/ask_mentor.html", context)


def request_sent_message(mentor_request) -> str:
    names = {"program": mentor_request.program, "mentor": mentor_request.mentor}
    if mentor_request.is_awaiting_approval:
        return (
            gettext(
                "Your request goes first to the coordinators of %(program)s, who approve "
                "requests in this program; then on to %(mentor)s. You will hear back by email."
            )
            % names
        )
    return (
        gettext(
            "Your request is on its way to %(mentor)s. "
            "Give them time to think it over; you will hear back by email."
        )
        % names
    )


def render_request(request, mentor_request, response_form=None):
    answering = mentor_request.is_pending and mentor_request.mentor_id == request.user.pk
    context = {
        "mentor_request": mentor_request,
        "response_form": response_form or (ResponseForm() if answering else None),
    }
    return render(request, "preparation/mentor_request.html", context)


@login_required
def request_detail(request, pk):
    return render_request(request, get_request_for_user(request.user, pk))


@login_required
def sent_requests(request):
    requests = MentorRequest.objects.filter(mentee=request.user).select_related(
        "program", "mentor"
    )
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "preparation/sent_requests.html", {"page": page})


@login_required
def received_requests(request):
    requests = (
        MentorRequest.objects.filter(mentor=request.user)
        .seen_by_mentor()
        .select_related("program", "mentee")
    )
    page = Paginator(requests, REQUESTS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "preparation/received_requests.html", {"page": page})


@login_required
@require_POST
def accept_request(request, pk):
    mentor_request = get_request_to_answer(request.user, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return render_request(request, mentor_request, form)
    try:
        mentorship = services.accept_mentor_request(
            mentor_request=mentor_request, note=form.cleaned_data["response_note"]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(mentor_request)
    messages.success(
        request,
        gettext(
            "You are now mentoring %(mentee)s. "
            "They will fill in a planning template before your first meeting."
        )
        % {"mentee": mentor_request.mentee},
    )
    return redirect(mentorship)


@login_required
@require_POST
def decline_request(request, pk):
    mentor_request = get_request_to_answer(request.user, pk)
    form = ResponseForm(request.POST)
    if not form.is_valid():
        return render_request(request, mentor_request, form)
    try:
        services.decline_mentor_request(
            mentor_request=mentor_request,
            note=form.cleaned_data["response_note"],
            reason=form.cleaned_data["decline_reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            gettext("You declined. We let %(mentee)s know kindly.")
            % {"mentee": mentor_request.mentee},
        )
    return redirect(mentor_request)


@login_required
@require_POST
def withdraw_request(request, pk):
    mentor_request = get_request_to_withdraw(request.user, pk)
    try:
        services.withdraw_mentor_request(mentor_request=mentor_request)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, gettext("Your request is withdrawn. You can ask someone else."))
    return redirect(mentor_request)


PLANNING_CONTENT = "preparation/includes/planning_content.html"


def render_planning(request, mentorship, planning, form):
    """The planning template's page; a form sent back with errors is never kept."""
    context = {
        "mentorship": mentorship,
        "planning": planning,
        "form": form,
        "intro": gettext(PlanningTemplate.INTRO),
    }
    if form is not None and form.is_bound:
        content = render_to_string(PLANNING_CONTENT, context, request)
    else:
        content = render_part(
            request, PLANNING_CONTENT, vary=(mentorship.pk,), context=lambda: context
        )
    return render(request, "preparation/planning_template.html", {"content": content})


@login_required
def planning_template(request, pk):
    if request.method == "POST":
        mentorship, planning = get_rw_planning_for_user(request.user, pk)
        form = PlanningTemplateForm(request.POST, instance=planning)
        if form.is_valid():
            form.save()
            messages.success(request, gettext("Your planning template is saved."))
            return redirect("preparation:planning_template", mentorship.pk)
        return render_planning(request, mentorship, planning, form)
    mentorship, planning, can_edit = get_planning_for_user(request.user, pk)
    form = PlanningTemplateForm(instance=planning) if can_edit else None
    return render_planning(request, mentorship, planning, form)


@login_required
@require_POST
def share_planning_template(request, pk):
    mentorship, planning = get_rw_planning_for_user(request.user, pk)
    form = PlanningTemplateForm(request.POST, instance=planning)
    if form.is_valid():
        try:
            services.share_planning_template(planning=form.instance)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                gettext("Your planning template is saved and shared with %(mentor)s.")
                % {"mentor": mentorship.mentor},
            )
            return redirect("preparation:planning_template", mentorship.pk)
    return render_planning(request, mentorship, planning, form)


@login_required
@pdf_view
def planning_pdf(request, pk):
    mentorship, planning, _ = get_planning_for_user(request.user, pk)
    pdf = render_pdf(
        "preparation/planning_pdf.html",
        {
            "mentorship": mentorship,
            "planning": planning,
            "intro": gettext(PlanningTemplate.INTRO),
            "printed_at": timezone.now(),
        },
    )
    record(Action.PDF_DOWNLOADED, mentorship=mentorship, detail="planning_template")
    return pdf_response(pdf, f"planning-template-{slugify(mentorship.mentee.display_name)}.pdf")
