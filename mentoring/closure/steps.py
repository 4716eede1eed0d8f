"""Closure's steps on the pair's page (mentoring/programs/steps.py), and in Enabling the way
out of it, proposing to close. Three queries: every goal's outcomes (the rule completing
waits on, two queries), then the viewer's closing reflection and the thank-you note in one.
A closing reflection is its author's alone, so only its author sees that step."""

from django.db.models import Exists
from django.urls import reverse
from django.utils.translation import gettext

from mentoring.closure.models import ClosingReflection, ThankYouNote, goal_outcomes, people_text
from mentoring.programs.models import Mentorship, Participant
from mentoring.programs.panels import PairViewer
from mentoring.programs.steps import Step


def closing_steps(viewer: PairViewer) -> list[Step]:
    """Enabling ends when the pair close: offered once the rest of the phase is done. No
    query: the closure page says whether a proposal already waits."""
    if not viewer.is_member:
        return []
    return [
        Step(
            gettext("Closing proposed"),
            done=False,
            action=gettext("Propose to close, once your goals are met"),
            url=reverse("closure:closure", args=[viewer.mentorship.pk]),
            move=True,
        )
    ]


def closure_steps(viewer: PairViewer) -> list[Step]:
    mentorship, user = viewer.mentorship, viewer.user
    page = reverse("closure:closure", args=[mentorship.pk])
    rows = goal_outcomes(mentorship)
    still_to_say = {person.pk for row in rows for person in row.still_to_say}
    # The step is for whoever still has an outcome to record: the viewer first.
    role = mentorship.role_of(user)
    if user.pk in still_to_say or not still_to_say:
        outcomes_for = role
    else:
        outcomes_for = mentorship.role_of(mentorship.partner_of(user))
    waiting = [
        person for person in (mentorship.mentee, mentorship.mentor) if person.pk in still_to_say
    ]
    row = (
        Mentorship.objects.filter(pk=mentorship.pk)
        .annotate(
            reflected=Exists(
                ClosingReflection.objects.filter(mentorship=mentorship, author=user.pk)
            ),
            thanked=Exists(ThankYouNote.objects.filter(mentorship=mentorship)),
        )
        .values("reflected", "thanked")
        .get()
    )
    steps = [
        Step(
            gettext("Every goal's outcome recorded by both (still to come from %(people)s)")
            % {"people": people_text(waiting, user)}
            if waiting
            else gettext("Every goal's outcome recorded by both"),
            done=not still_to_say,  # as completing asks: outcomes_still_to_record
            action=gettext("Record how each goal ended"),
            url=f"{page}#goals",
            who=outcomes_for if viewer.is_member else None,
        )
    ]
    if viewer.is_member:
        steps.append(
            Step(
                gettext("Your closing reflection written (only you read it)"),
                done=row["reflected"],
                action=gettext("Write your closing reflection"),
                url=f"{page}#reflection",
                who=role,
            )
        )
    steps += [
        Step(
            gettext("Thank-you note sent by %(mentee)s") % {"mentee": mentorship.mentee},
            done=row["thanked"],
            action=gettext("Thank %(mentor)s") % {"mentor": mentorship.mentor},
            url=f"{page}#thanks",
            who=Participant.Role.MENTEE,
        ),
        Step(
            gettext("Closure completed"),
            done=not mentorship.is_open,
            action=gettext("Complete the closure"),
            url=f"{page}#complete",
            # It waits on the outcomes: until then it is for whoever still has one to record.
            who=outcomes_for if viewer.is_member and still_to_say else None,
        ),
    ]
    return steps
