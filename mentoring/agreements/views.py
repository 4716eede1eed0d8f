from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import BadRequest, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from mentoring.agreements import services
from mentoring.agreements.access import (
    get_version_for_member,
    get_version_for_pdf,
)
from mentoring.agreements.diff import compare
from mentoring.agreements.forms import AgreementForm, ResponsibilitiesForm, SignForm
from mentoring.agreements.models import (
    RESPONSIBILITIES,
    Agreement,
    AgreementVersion,
    Goal,
    Signature,
    agreement_is_open_for,
    signature_lines,
)
from mentoring.agreements.sections import SECTIONS, answers
from mentoring.audit.log import record
from mentoring.audit.models import Action
from mentoring.lib.pdf import pdf_response, pdf_view, render_pdf
from mentoring.programs.access import get_mentorship_for_member, get_rw_mentorship_for_member
from mentoring.programs.models import Participant

VERSIONS_PER_PAGE = 10


def with_goals_and_signatures(versions):
    return versions.select_related("updated_by").prefetch_related(
        "goals", Prefetch("signatures", queryset=Signature.objects.select_related("signer"))
    )


@login_required
def responsibilities(request, pk):
    mentorship, can_edit = get_mentorship_for_member(request.user, pk)
    done = {ack.item: ack for ack in mentorship.acknowledgements.select_related("acknowledged_by")}
    is_mentee = mentorship.role_of(request.user) == Participant.Role.MENTEE
    may_acknowledge = (
        can_edit
        and is_mentee
        and agreement_is_open_for(mentorship)
        and len(done) < len(RESPONSIBILITIES)
    )
    context = {
        "mentorship": mentorship,
        "is_mentee": is_mentee,
        "acknowledged": [(text, done[key]) for key, text in RESPONSIBILITIES if key in done],
        "pending": [text for key, text in RESPONSIBILITIES if key not in done],
        "form": ResponsibilitiesForm(acknowledged=done) if may_acknowledge else None,
        "phase_open": agreement_is_open_for(mentorship),
    }
    return render(request, "agreements/responsibilities.html", context)


@login_required
@require_POST
def acknowledge(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    done = set(mentorship.acknowledgements.values_list("item", flat=True))
    form = ResponsibilitiesForm(request.POST, acknowledged=done)
    if not form.is_valid():
        if not done.isdisjoint(request.POST.getlist("items")):
            messages.info(request, gettext("You had already acknowledged that."))
        else:
            messages.error(request, " ".join(form.errors["items"]))
        return redirect("agreements:responsibilities", pk)
    try:
        services.acknowledge_responsibilities(
            mentorship=mentorship, user=request.user, items=form.cleaned_data["items"]
        )
    except services.AgreementError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Thank you: your commitments are recorded."))
    return redirect("agreements:responsibilities", pk)


def _agreement_page(request, mentorship, can_edit, *, sign_form=None, status=200):
    versions = {
        version.status: version
        for version in with_goals_and_signatures(
            AgreementVersion.objects.for_mentorship(mentorship).current()
        )
    }
    draft = versions.get(AgreementVersion.Status.DRAFT)
    in_effect = versions.get(AgreementVersion.Status.IN_EFFECT)
    shown = draft or in_effect
    context = {
        "mentorship": mentorship,
        "can_edit": can_edit,
        "phase_open": agreement_is_open_for(mentorship),
        "draft": draft,
        "in_effect": in_effect,
        "shown": shown,
        "parts": answers(shown, shown.goals.all()) if shown else [],
    }
    if draft:
        signatures = list(draft.signatures.all())
        valid = [s for s in signatures if s.voided_at is None]
        context |= {
            "draft_lines": signature_lines(mentorship, valid),
            "voided": [s for s in signatures if s.voided_at is not None],
            "missing": services.missing_for_signing(draft),
            "has_signed": any(s.signer_id == request.user.pk for s in valid),
            "partner": mentorship.partner_of(request.user),
            "sign_form": sign_form or SignForm(initial={"revision": draft.revision}),
        }
    if in_effect:
        context["in_effect_lines"] = signature_lines(mentorship, in_effect.signatures.all())
    return render(request, "agreements/agreement.html", context, status=status)


@login_required
def agreement(request, pk):
    mentorship, can_edit = get_mentorship_for_member(request.user, pk)
    return _agreement_page(request, mentorship, can_edit)


@login_required
@require_POST
def start(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    try:
        services.start_agreement(mentorship=mentorship, user=request.user)
    except services.AgreementError as error:
        messages.error(request, str(error))
        return redirect("agreements:agreement", pk)
    return redirect("agreements:edit", pk)


def _draft_of(mentorship):
    return (
        AgreementVersion.objects.for_mentorship(mentorship)
        .filter(status=AgreementVersion.Status.DRAFT)
        .select_related("agreement")
        .prefetch_related("goals")
        .first()
    )


@login_required
def edit(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    draft = _draft_of(mentorship)
    if draft is None:
        messages.info(
            request,
            gettext(
                "There is no draft to edit. An agreement in effect changes through an amendment."
            ),
        )
        return redirect("agreements:agreement", pk)
    draft.agreement.mentorship = mentorship
    section = _section(request)
    form = AgreementForm(request.POST or None, version=draft, section=section)
    conflicts = editor = None
    unsaved = False
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_draft(
                version=draft,
                user=request.user,
                values=form.values(),
                goals=form.goals(),
                revision=form.cleaned_data["revision"],
            )
        except services.EditConflict as conflict:
            current = conflict.version
            editor = current.updated_by
            conflicts = _conflicts(current, form)
            data = request.POST.copy()
            data["revision"] = current.revision
            form = AgreementForm(data, version=current, section=section)
            form.is_valid()
        except services.AgreementError as error:
            messages.error(request, str(error))
            return redirect("agreements:agreement", pk)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            done = (
                gettext("Section %(number)s is saved.") % {"number": section}
                if section
                else gettext("Your changes are saved.")
            )
            if saved.voided_signatures:
                again = gettext(
                    "The agreement changed after it was signed, so both of you need to sign "
                    "again; %(partner)s has been told by email."
                ) % {"partner": mentorship.partner_of(request.user)}
                messages.warning(request, f"{done} {again}")
            elif saved.changed:
                messages.success(
                    request, done if section else gettext("Your changes to the draft are saved.")
                )
            else:
                messages.info(
                    request, gettext("Nothing had changed, so there was nothing to save.")
                )
            if section is None:
                return redirect("agreements:agreement", pk)
            # One section saved: the page comes back with the other sections as typed, at the
            # new revision, so the next save of a section is not taken for a conflict.
            draft = services.reload_version(draft)
            draft.agreement.mentorship = mentorship
            data = request.POST.copy()
            data["revision"] = draft.revision
            form = AgreementForm(data, version=draft, section=section)
            form.is_valid()
            unsaved = bool(_conflicts(draft, form))
    context = {
        "mentorship": mentorship,
        "draft": draft,
        "form": form,
        "conflicts": conflicts,
        "editor": editor,
        "unsaved": unsaved,
    }
    return render(
        request, "agreements/edit.html", context, status=409 if conflicts is not None else 200
    )


def _section(request) -> int | None:
    """The section named by the "Save this section" button pressed; None for the whole draft."""
    value = request.POST.get("section", "")
    if not value:
        return None
    if value not in {str(number) for number in range(1, len(SECTIONS) + 1)}:
        raise BadRequest("No such section of the agreement.")
    return int(value)


def _conflicts(current: AgreementVersion, form: AgreementForm) -> list[tuple[str, str, str]]:
    """(question, their saved text, your text) for every answer where the two differ."""
    values, goals = form.typed_values()
    yours = AgreementVersion(**values)
    your_goals = [
        Goal(position=position, text=text) for position, text in enumerate(goals, start=1)
    ]
    theirs = answers(current, current.goals.all())
    mine = answers(yours, your_goals)
    return [
        (label, saved, typed)
        for (_, saved_items), (_, typed_items) in zip(theirs, mine, strict=True)
        for (label, saved), (_, typed) in zip(saved_items, typed_items, strict=True)
        if saved != typed
    ]


@login_required
@require_POST
def sign(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    draft = _draft_of(mentorship)
    form = SignForm(request.POST)
    if draft is None:
        messages.info(request, gettext("There is no draft waiting for signatures."))
        return redirect("agreements:agreement", pk)
    if not form.is_valid():
        return _agreement_page(request, mentorship, True, sign_form=form, status=400)
    draft.agreement.mentorship = mentorship
    try:
        signed = services.sign(
            version=draft,
            user=request.user,
            typed_name=form.cleaned_data["typed_name"],
            revision=form.cleaned_data["revision"],
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _agreement_page(request, mentorship, True, sign_form=form, status=400)
    except services.AgreementError as error:
        messages.error(request, str(error))
        return redirect("agreements:agreement", pk)
    if signed.in_effect:
        messages.success(
            request,
            gettext("You have both signed: version %(number)s of your agreement is in effect.")
            % {"number": draft.number},
        )
    else:
        messages.success(
            request,
            gettext("You have signed. %(partner)s has been asked to sign too.")
            % {"partner": mentorship.partner_of(request.user)},
        )
    return redirect("agreements:agreement", pk)


@login_required
@require_POST
def amend(request, pk):
    mentorship = get_rw_mentorship_for_member(request.user, pk)
    agreement = Agreement.objects.filter(mentorship=mentorship).first()
    if agreement is None:
        messages.error(request, gettext("There is no agreement to amend yet."))
        return redirect("agreements:agreement", pk)
    agreement.mentorship = mentorship
    try:
        amendment = services.amend(agreement=agreement, user=request.user)
    except services.AgreementError as error:
        messages.error(request, str(error))
        return redirect("agreements:agreement", pk)
    messages.success(
        request,
        gettext(
            "Version %(number)s is a draft copied from the agreement in effect, which stays in "
            "effect until you both sign the amendment."
        )
        % {"number": amendment.number},
    )
    return redirect("agreements:edit", pk)


@login_required
def versions(request, pk):
    mentorship, _ = get_mentorship_for_member(request.user, pk)
    all_versions = with_goals_and_signatures(
        AgreementVersion.objects.for_mentorship(mentorship)
    ).order_by("-number")
    page = Paginator(all_versions, VERSIONS_PER_PAGE).get_page(request.GET.get("page"))
    for version in page:
        version.valid_signatures = [s for s in version.signatures.all() if s.voided_at is None]
    return render(request, "agreements/versions.html", {"mentorship": mentorship, "page": page})


@login_required
def version(request, pk, number):
    version, _ = get_version_for_member(request.user, pk, number)
    mentorship = version.agreement.mentorship
    goals = list(version.goals.all())
    previous = (
        AgreementVersion.objects.filter(agreement_id=version.agreement_id, number__lt=number)
        .prefetch_related("goals")
        .order_by("-number")
        .first()
    )
    context = {
        "mentorship": mentorship,
        "version": version,
        "parts": answers(version, goals),
        "signature_lines": signature_lines(mentorship, version.signatures.valid()),
        "previous": previous,
        "changes": compare(previous, previous.goals.all(), version, goals) if previous else None,
    }
    return render(request, "agreements/version.html", context)


@login_required
@pdf_view
def version_pdf(request, pk, number):
    version = get_version_for_pdf(request.user, pk, number)
    mentorship = version.agreement.mentorship
    context = {
        "mentorship": mentorship,
        "version": version,
        "parts": answers(version, version.goals.all()),
        "signature_lines": signature_lines(mentorship, version.signatures.valid()),
        "printed_on": timezone.localdate(),
    }
    pdf = render_pdf("agreements/agreement_pdf.html", context)
    record(Action.PDF_DOWNLOADED, mentorship=mentorship, detail=f"agreement v{version.number}")
    filename = f"mentoring-agreement-{slugify(mentorship.mentee)}-v{version.number}.pdf"
    return pdf_response(pdf, filename)
