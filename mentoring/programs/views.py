from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, F, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from accounts.middleware import check_two_factor_again
from mentoring.lib.page_cache import render_part
from mentoring.programs.access import (
    get_mentorship_for_user,
    get_program_for_coordinator,
    get_rw_mentorship_for_user,
    may_create_programs,
)
from mentoring.programs.forms import MenteeChoiceForm, PairForm, ProgramForm
from mentoring.programs.models import (
    PHASE_ORDER,
    Mentorship,
    Participant,
    PhaseTransitionError,
    Program,
)
from mentoring.programs.next_steps import next_step
from mentoring.programs.panels import PairViewer, home_later_panels, home_panels, pair_panels
from mentoring.programs.services import archive_program, create_mentorship, create_program
from mentoring.programs.steps import phase_steps

HOME_LIST_LIMIT = 20
PAIRS_PER_PAGE = 25


def home(request):
    if not request.user.is_authenticated:
        return render(request, "programs/welcome.html")
    content = render_part(
        request, "programs/includes/home_content.html", context=lambda: home_context(request.user)
    )
    # The title comes translated: the page's template loads no tag library (test_panels.py).
    context = {"content": content, "title": gettext("Home")}
    return render(request, "programs/home.html", context)


def home_context(user) -> dict:
    # Only what the cards show: building the SQL for every column of two people and a program
    # costs the home page more than running it.
    open_pairs = Mentorship.objects.open().as_cards()
    # One query for both lists: fewer pairs than both lists hold means it found them all.
    mine = list(open_pairs.filter(Q(mentee=user) | Q(mentor=user))[: 2 * HOME_LIST_LIMIT])
    if len(mine) < 2 * HOME_LIST_LIMIT:
        roles = [(pair, pair.role_of(user)) for pair in mine]
        as_mentee = [pair for pair, role in roles if role == Participant.Role.MENTEE]
        as_mentor = [pair for pair, role in roles if role == Participant.Role.MENTOR]
        as_mentee, as_mentor = as_mentee[:HOME_LIST_LIMIT], as_mentor[:HOME_LIST_LIMIT]
    else:
        as_mentee = list(open_pairs.filter(mentee=user)[:HOME_LIST_LIMIT])
        as_mentor = list(open_pairs.filter(mentor=user)[:HOME_LIST_LIMIT])
    # Archived programs come last in the same query; home lists the others and links to them.
    coordinated = list(
        Program.objects.coordinated_by(user)
        .only("name", "archived_at")  # what home shows of them, and whether archived
        .order_by(F("archived_at").asc(nulls_first=True), "-starts_on", "name")[:HOME_LIST_LIMIT]
    )
    programs = [program for program in coordinated if not program.is_archived]
    # Most people coordinate nothing: building the count query would cost more than the rest.
    phase_counts = (
        Mentorship.objects.open()
        .filter(program__in=programs)
        .values_list("program_id", "phase")
        .annotate(pairs=Count("pk"))
        if programs
        else []
    )
    counts = {(program_id, phase): pairs for program_id, phase, pairs in phase_counts}
    for program in programs:
        program.phase_counts = [
            (phase, counts.get((program.pk, phase), 0)) for phase in PHASE_ORDER
        ]
    return {
        "as_mentee": [(pair, next_step(pair, user)) for pair in as_mentee],
        "as_mentor": [(pair, next_step(pair, user)) for pair in as_mentor],
        "programs": programs,
        "has_archived_programs": len(programs) < len(coordinated),
        "profile_incomplete": not user.full_name,
        "may_create_programs": may_create_programs(user),
        # What other apps add (invitations, mentor requests, preparing): programs/panels.py.
        "panels": home_panels(user),
        # Below the open pairs: past mentorships (closure's history panel).
        "later_panels": home_later_panels(user),
    }


@login_required
def program(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    pairs = (
        Mentorship.objects.filter(program=program)
        .with_people()
        .order_by("ended_at", "mentee__full_name", "pk")
    )
    # One query counts the pairs for the paginator and the open ones, which archiving waits for.
    counts = Mentorship.objects.filter(program=program).aggregate(
        total=Count("pk"), open=Count("pk", filter=Q(ended_at__isnull=True))
    )
    paginator = Paginator(pairs, PAIRS_PER_PAGE)
    paginator.count = counts["total"]
    page = paginator.get_page(request.GET.get("page"))
    context = {"program": program, "page": page, "open_pairs": counts["open"]}
    return render(request, "programs/program.html", context)


@login_required
def archived_programs(request):
    """The archived programs the user coordinates: home lists the others."""
    archived = Program.objects.coordinated_by(request.user).archived().order_by("-archived_at")
    page = Paginator(archived, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programs/archived_programs.html", {"page": page})


@login_required
@require_POST
def archive(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    try:
        archive_program(program=program)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        message = gettext(
            "%(program)s is archived: it is read-only now, and its dashboard and CSV export "
            "stay open to you."
        )
        messages.success(request, message % {"program": program})
    return redirect(program)


@login_required
def new_program(request):
    if not may_create_programs(request.user):
        raise PermissionDenied(
            gettext("Ask the site's staff for the permission to create programs.")
        )
    form = ProgramForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        program = create_program(program=form.instance, creator=request.user)
        check_two_factor_again(request)
        message = gettext(
            "%(program)s is created, with you as its coordinator. Invite people next."
        )
        messages.success(request, message % {"program": program})
        return redirect(program)
    status = 400 if form.errors else 200
    return render(request, "programs/program_form.html", {"form": form}, status=status)


@login_required
def edit_program(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    names = {"program": program}
    if program.is_archived:
        messages.info(request, gettext("%(program)s is archived: it is read-only.") % names)
        return redirect(program)
    form = ProgramForm(request.POST if request.method == "POST" else None, instance=program)
    if request.method == "POST" and form.is_valid():
        if form.changed_data:
            form.instance.save(update_fields=form.changed_data)
        messages.success(request, gettext("%(program)s is saved.") % names)
        return redirect(program)
    status = 400 if form.errors else 200
    context = {"form": form, "program": program}
    return render(request, "programs/program_form.html", context, status=status)


@login_required
def new_pair(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    if program.is_archived:
        message = gettext("%(program)s is archived: it takes no new pairs.")
        messages.info(request, message % {"program": program})
        return redirect(program)
    # The mentee chosen for suggestions (?mentee=) is also the one the pairing form starts with.
    chosen = request.POST if request.method == "POST" else request.GET
    chooser = MenteeChoiceForm({"mentee": chosen.get("mentee")}, program=program)
    mentee = chooser.cleaned_data["mentee"] if chooser.is_valid() else None
    if request.method == "POST":
        form = PairForm(request.POST, program=program)
    else:
        form = PairForm(initial={"mentee": mentee}, program=program)
    if request.method == "POST" and form.is_valid():
        try:
            pair = create_mentorship(program=program, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            message = gettext("%(mentee)s and %(mentor)s are now a pair.")
            messages.success(request, message % {"mentee": pair.mentee, "mentor": pair.mentor})
            return redirect(pair)
    if "mentee" not in chosen:
        chooser = MenteeChoiceForm(program=program)
    context = {"program": program, "form": form, "chooser": chooser, "mentee": mentee}
    return render(request, "programs/new_pair.html", context)


@login_required
def mentorship(request, pk):
    mentorship, can_edit = get_mentorship_for_user(request.user, pk)
    content = render_part(
        request,
        "programs/includes/mentorship_content.html",
        vary=(mentorship.pk,),
        context=lambda: mentorship_context(mentorship, request.user, can_edit=can_edit),
    )
    names = {"mentee": mentorship.mentee, "mentor": mentorship.mentor}
    title = gettext("%(mentee)s and %(mentor)s") % names
    context = {"mentorship": mentorship, "content": content, "title": title}
    return render(request, "programs/mentorship.html", context)


def mentorship_context(mentorship, user, *, can_edit) -> dict:
    is_member = mentorship.has_member(user)
    viewer = PairViewer(mentorship, user, is_member=is_member, can_edit=can_edit)
    return {
        "mentorship": mentorship,
        "can_edit": can_edit,
        "is_member": is_member,
        "next_step": next_step(mentorship, user),
        # The phase's steps, done or to do, and the viewer's next one (programs/steps.py).
        "progress": phase_steps(viewer),
        # Each phase's part of the page, in page order (programs/panels.py).
        "panels": pair_panels(viewer),
        "people": [
            (Participant.Role.MENTEE.label, mentorship.mentee),
            (Participant.Role.MENTOR.label, mentorship.mentor),
        ],
    }


@login_required
@require_POST
def start_negotiating(request, pk):
    mentorship = get_rw_mentorship_for_user(request.user, pk)
    try:
        mentorship.start_negotiating()
    except PhaseTransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, gettext("You are now in the Negotiating phase: time for the agreement.")
        )
    return redirect(mentorship)
