"""What each phase shows on the two pages programs owns but every phase adds to: the pair's
page and home.

programs may not import the phases, so each app registers its panels here from its
`AppConfig.ready()` (see `mentoring/<app>/panels.py`), and the two views ask `pair_panels`
and `home_panels` for them. A panel builder fetches its own data, in a few queries whatever the
amount of data, and returns a `Panel` (a template and the context it needs) or None when it has
nothing to show; the page's template only renders what it is given (`{% panel %}`).

`PAIR_PANELS`, `HOME_PANELS` and `HOME_LATER_PANELS` (home below the open pairs) are the one
list of what each page is made of, in page order.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from mentoring.programs.models import Mentorship

# Page order. A name here that no installed app registers is skipped; registering a name
# missing here is an error, so nothing lands on a page without being listed.
PAIR_PANELS = (
    "planning",
    "agreement",
    "enabling",
    "meetings",
    "fit_check",
    "pulse",
    "closure",
    "closing_feedback",
)
HOME_PANELS = ("invitations", "mentor_requests", "preparing")
# Below the person's open pairs and programs: what is past.
HOME_LATER_PANELS = ("history",)


@dataclass(frozen=True)
class Panel:
    template: str
    context: dict


@dataclass(frozen=True)
class PairViewer:
    """Who is looking at which pair, as the access helper decided; and what the page's builders
    have fetched so far (`once`)."""

    mentorship: Mentorship
    user: User
    is_member: bool
    can_edit: bool
    _fetched: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    def once(self, fetch: "Callable[[PairViewer], Any]") -> Any:
        """`fetch(self)`, run on the first call of the request only: a phase's panel and its
        steps often need the same facts, and building a query costs the page more than running
        it. Only for one request: the viewer is made anew for each."""
        if fetch not in self._fetched:
            self._fetched[fetch] = fetch(self)
        return self._fetched[fetch]


PairPanel = Callable[[PairViewer], Panel | None]
HomePanel = Callable[[User], Panel | None]

_pair_builders: dict[str, PairPanel] = {}
_home_builders: dict[str, HomePanel] = {}


def _register(builders: dict, order: tuple[str, ...], name: str, build) -> None:
    if name not in order:
        raise ValueError(f"Panel {name!r} is not in the page's list: add it to {order}.")
    if builders.get(name, build) is not build:
        raise ValueError(f"Panel {name!r} is registered twice.")
    builders[name] = build


def register_pair_panel(name: str, build: PairPanel) -> None:
    _register(_pair_builders, PAIR_PANELS, name, build)


def register_home_panel(name: str, build: HomePanel) -> None:
    _register(_home_builders, HOME_PANELS + HOME_LATER_PANELS, name, build)


def pair_panels(viewer: PairViewer) -> list[Panel]:
    """Each phase's part of the pair's page, in page order; those with nothing to show left out."""
    built = (_pair_builders[name](viewer) for name in PAIR_PANELS if name in _pair_builders)
    return [panel for panel in built if panel is not None]


def home_panels(user: User) -> list[Panel]:
    """Each app's part of the signed-in home page, in page order."""
    built = (_home_builders[name](user) for name in HOME_PANELS if name in _home_builders)
    return [panel for panel in built if panel is not None]


def home_later_panels(user: User) -> list[Panel]:
    """The parts of home below the person's open pairs, in page order (`HOME_LATER_PANELS`)."""
    built = (_home_builders[name](user) for name in HOME_LATER_PANELS if name in _home_builders)
    return [panel for panel in built if panel is not None]
