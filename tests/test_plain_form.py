"""`|plain_form` (mentoring/lib/templatetags/plain_form.py) writes what `|crispy` writes: the
same elements, classes, ids and attributes, unbound, refused and with every kind of field."""

import re
from pathlib import Path

import django
import pytest
from django import forms
from django.forms.renderers import TemplatesSetting
from django.template import Context, Template

from mentoring.lib.templatetags.plain_form import widget_attrs
from mentoring.preparation.forms import PlanningTemplateForm

LONG = "x" * 3001


def rendered(form, filter_name: str) -> str:
    library = "crispy_forms_tags" if filter_name == "crispy" else "plain_form"
    html = Template(f"{{% load {library} %}}{{{{ form|{filter_name} }}}}").render(
        Context({"form": form})
    )
    # Whitespace between tags and inside them carries no meaning: crispy's templates leave
    # some, Python writes none.
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*(<|>)\s*", r"\1", html)
    return html.replace(" </", "</").strip()


class EveryKind(forms.Form):
    name = forms.CharField(max_length=20, help_text="As you like to be called.")
    email = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"class": "wide"}))
    when = forms.DateField(required=False, widget=forms.DateInput(attrs={"type": "date"}))
    size = forms.ChoiceField(choices=[("s", "Small"), ("l", "Large")])
    agree = forms.BooleanField(required=False, label="I agree")
    colour = forms.ChoiceField(choices=[("r", "Red"), ("b", "Blue")], widget=forms.RadioSelect)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("Nothing may be saved today.")


def both(form_class, *args, **kwargs) -> tuple[str, str]:
    # Two instances: crispy adds its classes to the widgets it renders.
    return rendered(form_class(*args, **kwargs), "plain_form"), rendered(
        form_class(*args, **kwargs), "crispy"
    )


@pytest.mark.django_db
class TestTheSameMarkupAsCrispy:
    def test_the_planning_form_empty(self):
        plain, crispy = both(PlanningTemplateForm)
        assert plain == crispy
        assert 'data-max-length="3000"' in plain

    def test_the_planning_form_refused(self):
        plain, crispy = both(PlanningTemplateForm, {"strengths": LONG})
        assert plain == crispy
        assert 'class="invalid-feedback"' in plain
        assert "There is a problem" in plain

    @pytest.mark.parametrize("data", [None, {"name": "", "size": "x", "email": "no"}])
    def test_every_kind_of_field(self, data):
        plain, crispy = both(EveryKind, data)
        assert plain == crispy


def test_widget_attributes_are_djangos_with_the_length_limit_renamed():
    djangos = Path(django.__file__).parent / "forms/templates/django/forms/widgets/attrs.html"
    attrs = {"rows": 3, "required": True, "disabled": False, "title": 'a "b" <c>', "min": 0}
    expected = Template(djangos.read_text()).render(Context({"widget": {"attrs": attrs}}))
    assert widget_attrs(attrs) == expected
    limited = widget_attrs({"maxlength": 3000, "class": "x"})
    assert limited == ' data-max-length="3000" class="x"'


class WithSelects(forms.Form):
    one = forms.ChoiceField(choices=[("", "-"), ("1", "One & <Two>"), ("2", "Two")], initial="2")
    grouped = forms.ChoiceField(choices=[("Near", [("x", "X"), ("y", "Y")]), ("z", "Z")])
    many = forms.MultipleChoiceField(choices=[(1, "1"), (2, "2")], initial=[1, 2])
    maybe = forms.NullBooleanField()


@pytest.mark.parametrize("name", ["one", "grouped", "many", "maybe"])
def test_a_select_written_in_python_is_djangos_select(name):
    """mentoring/lib/forms_renderer.py against Django's own select templates."""
    ours = WithSelects()[name].as_widget()
    django_templates = WithSelects(renderer=TemplatesSetting())[name].as_widget()
    assert normalised(ours) == normalised(django_templates)
    assert "<option" in django_templates


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()
