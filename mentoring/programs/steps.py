"""Progress inside a phase: the steps of the pair's phase, done or to do, on the pair's page,
and the one the viewer should take next.

programs may not import the phases, so each phase app registers its step builders here from
its `AppConfig.ready()`, as it registers its panels (`programs/panels.py`). A builder takes
the `PairViewer`, asks its own models and services what "done" means, in one or two queries
whatever the amount of data, and returns its steps in the order the pair take them. It leaves
out a step about writing only its author may know of (a self-reflection, a 3-2-1 reflection),
so a partner or a coordinator sees that step's status only when they could read it anyway.

`PHASE_STEPS` is the one list of which builders make up each phase's steps, in page order.
"""

from collections.abc import Callable
from dataclasses import dataclass, replace

from mentoring.programs.models import Participant, Phase
from mentoring.programs.panels import PairViewer

# Page order within each phase. A name no installed app registers is skipped; registering a
# name missing here is an error, as for panels.
PHASE_STEPS = {
    Phase.PREPARING: ("preparation",),
    Phase.NEGOTIATING: ("agreement",),
    # The action plan, then the meetings and their reflections, then the check-in; last, the
    # move out of the phase (closure's proposal), shown once the rest is done.
    Phase.ENABLING: ("action_plan", "meetings", "check_in", "closing"),
    Phase.CLOSURE: ("closure",),
}


@dataclass(frozen=True)
class Step:
    """One thing to do in the phase.

    `label` says it as the list shows it ("Mentee signed"), `action` as the next-step card
    asks for it ("Sign the agreement"). `url` is the page where it is done, or None when it
    is done here (the phase move's button) or needs no page. `who` is the member it is for,
    or None when it is the pair's together. A `move` is the phase's way out: it stays off the
    list, and the card offers it once everything else for the viewer is done.
    """

    label: str
    done: bool
    action: str = ""
    url: str | None = None
    who: Participant.Role | None = None
    move: bool = False

    def is_for(self, role: Participant.Role | None) -> bool:
        return self.who is None or self.who == role


@dataclass(frozen=True)
class PhaseSteps:
    """What the pair's page shows of the phase: the list, and the step for the card."""

    phase: Phase
    steps: list[Step]
    next: Step | None


StepsBuilder = Callable[[PairViewer], list[Step]]

_builders: dict[tuple[str, str], StepsBuilder] = {}


def register_phase_steps(phase: Phase, name: str, build: StepsBuilder) -> None:
    if name not in PHASE_STEPS[phase]:
        raise ValueError(f"Steps {name!r} are not in {phase}'s list: add them to PHASE_STEPS.")
    if _builders.get((phase, name), build) is not build:
        raise ValueError(f"Steps {name!r} of {phase} are registered twice.")
    _builders[phase, name] = build


def phase_steps(viewer: PairViewer) -> PhaseSteps:
    """The pair's phase's steps as this viewer may see them, and the next one for them.

    Someone outside the pair (a coordinator) gets status only: no link, since every page a
    step links to is the pair's own (a 404 for them), and no next step. Once the pair has
    ended there is nothing left to do either.
    """
    mentorship = viewer.mentorship
    phase = Phase(mentorship.phase)
    found = [
        step
        for name in PHASE_STEPS[phase]
        if (phase, name) in _builders
        for step in _builders[phase, name](viewer)
    ]
    if not viewer.is_member:
        found = [replace(step, url=None) for step in found if not step.move]
    steps = [step for step in found if not step.move]
    if not (viewer.is_member and mentorship.is_open):
        return PhaseSteps(phase, steps, None)
    role = mentorship.role_of(viewer.user)
    to_do = [step for step in steps if not step.done and step.is_for(role)]
    moves = [step for step in found if step.move]
    return PhaseSteps(phase, steps, (to_do or moves or [None])[0])
