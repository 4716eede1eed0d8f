from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.reminders.models import Kind

# Why each reminder comes, shown beside its checkbox on the preferences page.
KIND_HELP = {
    Kind.MEETING_TOMORROW: _("The day before each meeting, with its time in your time zone."),
    Kind.STEP_DUE_SOON: _("Three days before an action step of yours is due."),
    Kind.STEP_OVERDUE: _("Once, when an action step of yours is past its date and not done."),
    Kind.SIGNATURE_WAITING: _(
        "When your partner signed the agreement three days ago and you have not yet."
    ),
    Kind.CHECK_IN_DUE: _("When the mid-way check-in is due and you have not answered it."),
    Kind.REFLECTION_MISSING: _(
        "Two days after a meeting, if you have not written your reflection on it."
    ),
    Kind.PULSE_DUE: _(
        "When a pulse survey opens (a month into a pair, then every two months or as your "
        "program set it) and you have not answered it."
    ),
    Kind.AT_RISK_DIGEST: _(
        "For coordinators: each week, the pairs of your programs that need attention."
    ),
}


class PreferencesForm(forms.Form):
    """One checkbox per kind of reminder: ticked means the person gets it."""

    def __init__(self, *args, turned_off: set[str], **kwargs):
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.BooleanField(
                label=kind.label,
                help_text=KIND_HELP[kind],
                required=False,
                initial=kind.value not in turned_off,
            )

    def wanted(self) -> set[str]:
        return {kind for kind, on in self.cleaned_data.items() if on}
