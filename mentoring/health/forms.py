from crispy_forms.bootstrap import InlineRadios
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.utils.translation import gettext_lazy as _

from mentoring.health.models import (
    AGREEMENT_SCALE,
    PULSE_STATEMENTS,
    ClosingFeedback,
    Fit,
    FitCheck,
    PulseSurvey,
)


class FitCheckForm(forms.ModelForm):
    class Meta:
        model = FitCheck
        fields = ["answer", "why"]
        widgets = {"answer": forms.RadioSelect, "why": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = Fit.choices  # three answers, no blank one to pick


class EndNotAFitForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, end our mentorship now"),
        help_text=_("It ends for both of you at once; you do not need your partner to agree."),
        error_messages={"required": _("Tick the box to say you want to end the mentorship now.")},
    )


class PulseForm(forms.ModelForm):
    class Meta:
        model = PulseSurvey
        fields = [*PULSE_STATEMENTS, "comment", "share_comment"]
        widgets = dict.fromkeys(PULSE_STATEMENTS, forms.RadioSelect) | {
            "comment": forms.Textarea(attrs={"rows": 3})
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in PULSE_STATEMENTS:
            self.fields[name].choices = AGREEMENT_SCALE  # five answers, no blank one to pick


class ClosingFeedbackForm(forms.ModelForm):
    class Meta:
        model = ClosingFeedback
        fields = ["recommend", "comment"]
        widgets = {"recommend": forms.RadioSelect, "comment": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["recommend"].choices = ClosingFeedback._meta.get_field("recommend").choices
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(InlineRadios("recommend"), "comment")
