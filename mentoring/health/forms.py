from django import forms

from mentoring.health.models import Fit, FitCheck


class FitCheckForm(forms.ModelForm):
    class Meta:
        model = FitCheck
        fields = ["answer", "why"]
        widgets = {"answer": forms.RadioSelect, "why": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["answer"].choices = Fit.choices  # three answers, no blank one to pick
