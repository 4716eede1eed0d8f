from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.closure.models import (
    CHOSEN_REASONS,
    ClosingReflection,
    Closure,
    GoalOutcome,
    Outcome,
    Reason,
    ThankYouNote,
)


class ReasonForm(forms.ModelForm):
    """Why close: a member proposing, or a coordinator closing."""

    class Meta:
        model = Closure
        fields = ["reason", "reason_other"]
        widgets = {"reason": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Radio buttons need no empty "select an option" choice: none ticked means no answer.
        self.fields["reason"].choices = [(r.value, r.label) for r in CHOSEN_REASONS]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("reason") == Reason.OTHER and not cleaned.get("reason_other", "").strip():
            self.add_error("reason_other", gettext("Say what the other reason is."))
        return cleaned


class OutcomeForm(forms.ModelForm):
    """One goal's outcome; prefixed with the goal so every goal's form has its own ids."""

    class Meta:
        model = GoalOutcome
        fields = ["outcome", "comment"]
        widgets = {"outcome": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, prefix=f"goal-{goal.pk}", **kwargs)
        self.fields["outcome"].choices = Outcome.choices
        self.goal = goal


class ReflectionForm(forms.ModelForm):
    class Meta:
        model = ClosingReflection
        fields = ["feelings"]
        widgets = {"feelings": forms.Textarea(attrs={"rows": 5})}


class ThankYouForm(forms.ModelForm):
    class Meta:
        model = ThankYouNote
        fields = ["text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 5})}


class CompleteForm(forms.Form):
    """Completing ends the mentorship for good: the member says they understand, first."""

    understood = forms.BooleanField(
        label=_("I understand this ends the mentorship for good"),
        help_text=_("Everything you both wrote becomes read-only; this cannot be undone."),
        error_messages={
            "required": _(
                "Tick the box to say you understand that completing the closure "
                "ends the mentorship for good."
            )
        },
    )
