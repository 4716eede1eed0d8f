"""The styleguide (staff: every component as the pages render it) and the accessibility
statement (everyone)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_safe

from mentoring.design import palette
from mentoring.programs.models import Mentorship, Phase


class SampleForm(forms.Form):
    """A form shown refused, so the styleguide has the error state to look at."""

    name = forms.CharField(label=_("Your name"), help_text=_("As colleagues know you."))
    goal = forms.CharField(label=_("What would you like to achieve?"), widget=forms.Textarea)
    share = forms.BooleanField(label=_("Share with my mentor"), required=False)


@login_required
@require_safe
def styleguide(request):
    if not request.user.is_staff:
        raise PermissionDenied(gettext("The styleguide is for the site's staff."))
    return render(
        request,
        "design/styleguide.html",
        {
            "tokens": palette.tokens().items(),
            "text_pairs": palette.measured(palette.TEXT_PAIRS, palette.TEXT_MINIMUM),
            "non_text_pairs": palette.measured(palette.NON_TEXT_PAIRS, palette.NON_TEXT_MINIMUM),
            "sample_pair": Mentorship(phase=Phase.NEGOTIATING),
            "form": SampleForm(data={"goal": gettext("Lead my first budget round.")}),
            # As people type them: a line break and an indent, which the answer block keeps.
            "sample_answer": gettext(
                "Lead the budget round on my own.\n  – with a plan by March."
            ),
            "sample_answers": [
                gettext("Listen first"),
                gettext("Ask for the numbers early"),
                gettext("Write it down"),
            ],
        },
    )


@require_safe
def accessibility(request):
    return render(request, "design/accessibility.html")
