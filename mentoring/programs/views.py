from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mentoring.programs.access import (
    get_mentorship_for_user,
    get_program_for_coordinator,
    get_rw_mentorship_for_user,
)
from mentoring.programs.forms import MenteeChoiceForm, PairForm
from mentoring.programs.models import (
    PHASE_ORDER,
    Mentorship,
    Participant,
    PhaseTransitionError,
    Program,
    next_step,
)
from mentoring.programs.panels import PairViewer, home_panels, pair_panels
from mentoring.programs.services import create_mentorship

HOME_LIST_LIMIT = 20
HOME_CARD_FIELDS = (
    "program__name",
    "mentor__full_name",
    "mentor__email",
    "mentee__full_name",
    "mentee__email",
    "phase",
    "started_at",
    "ended_at",
)
PAIRS_PER_PAGE = 25


def home(request):
    if not request.user.is_authenticated:
        return render(request, "programs/welcome.html")
    user = request.user
    # Only what the cards show: building the SQL for every column of two people and a program
    # costs the home page more than running it.
    open_pairs = Mentorship.objects.open().with_people().only(*HOME_CARD_FIELDS)
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
    programs = list(Program.objects.coordinated_by(user)[:HOME_LIST_LIMIT])
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
    context = {
        "as_mentee": [(pair, next_step(pair, user)) for pair in as_mentee],
        "as_mentor": [(pair, next_step(pair, user)) for pair in as_mentor],
        "programs": programs,
        "profile_incomplete": not user.full_name,
        # What other apps add (invitations, mentor requests, preparing): programs/panels.py.
        "panels": home_panels(user),
    }
    return render(request, "programs/home.html", context)


@login_required
def program(request, pk):
    program = get_program_for_coordinator(request.user, pk)
    pairs = (
        Mentorship.objects.filter(program=program)
        .with_people()
        .order_by("ended_at", "mentee__full_name", "pk")
    )
    page = Paginator(pairs, PAIRS_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "programs/program.html", {"program": program, "page": page})


@login_required
def new_pair(request, pk):
    program = get_program_for_coordinator(request.user, pk)
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
            messages.success(request, f"{pair.mentee} and {pair.mentor} are now a pair.")
            return redirect(pair)
    if "mentee" not in chosen:
        chooser = MenteeChoiceForm(program=program)
    context = {"program": program, "form": form, "chooser": chooser, "mentee": mentee}
    return render(request, "programs/new_pair.html", context)


@login_required
def mentorship(request, pk):
    mentorship, can_edit = get_mentorship_for_user(request.user, pk)
    is_member = mentorship.has_member(request.user)
    viewer = PairViewer(mentorship, request.user, is_member=is_member, can_edit=can_edit)
    context = {
        "mentorship": mentorship,
        "can_edit": can_edit,
        "is_member": is_member,
        "next_step": next_step(mentorship, request.user),
        # Each phase's part of the page, in page order (programs/panels.py).
        "panels": pair_panels(viewer),
        "people": [("Mentee", mentorship.mentee), ("Mentor", mentorship.mentor)],
    }
    return render(request, "programs/mentorship.html", context)


@login_required
@require_POST
def start_negotiating(request, pk):
    mentorship = get_rw_mentorship_for_user(request.user, pk)
    try:
        mentorship.start_negotiating()
    except PhaseTransitionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "You are now in the Negotiating phase: time for the agreement.")
    return redirect(mentorship)
