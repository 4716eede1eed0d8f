from django import forms

from accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = [
            "full_name",
            "job_title",
            "department",
            "bio",
            "expertise",
            "open_to_mentoring",
            "mentee_capacity",
        ]
        widgets = {
            "bio": forms.Textarea(attrs={"rows": 4}),
            "expertise": forms.Textarea(attrs={"rows": 2}),
            "mentee_capacity": forms.NumberInput(attrs={"min": 0, "max": 10}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True

    def clean_expertise(self):
        topics = [topic.strip() for topic in self.cleaned_data["expertise"].split(",")]
        return ", ".join(topic for topic in topics if topic)
