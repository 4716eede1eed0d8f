"""What changed between two versions of an agreement, answer by answer, word by word."""

import difflib
import re
from dataclasses import dataclass

from mentoring.agreements.models import AgreementVersion
from mentoring.agreements.sections import answers


@dataclass
class Change:
    heading: str
    label: str
    before: str
    after: str
    # (kind, text) runs, kind being "same", "removed" or "added", in reading order.
    runs: list[tuple[str, str]]


def word_runs(before: str, after: str) -> list[tuple[str, str]]:
    old, new = re.split(r"(\s+)", before), re.split(r"(\s+)", after)
    runs = []
    matcher = difflib.SequenceMatcher(a=old, b=new, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            runs.append(("same", "".join(old[a1:a2])))
            continue
        if op in ("replace", "delete"):
            runs.append(("removed", "".join(old[a1:a2])))
        if op in ("replace", "insert"):
            runs.append(("added", "".join(new[b1:b2])))
    return [(kind, text) for kind, text in runs if text]


def compare(
    earlier: AgreementVersion, earlier_goals, later: AgreementVersion, later_goals
) -> list[Change]:
    """The answers that differ between two versions, in the template's order."""
    changes = []
    before = answers(earlier, earlier_goals)
    after = answers(later, later_goals)
    for (heading, old_items), (_, new_items) in zip(before, after, strict=True):
        for (label, old), (_, new) in zip(old_items, new_items, strict=True):
            if old != new:
                changes.append(Change(heading, label, old, new, word_runs(old, new)))
    return changes
