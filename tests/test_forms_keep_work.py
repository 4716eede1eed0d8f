"""Forms that never lose work, server side: the error summary on every kind of refused form, no
silent cut of long text, and the agreement saved one section at a time."""

import re

import pytest
from django.urls import reverse

from mentoring.agreements.models import AgreementVersion, Goal
from mentoring.agreements.sections import SECTIONS
from mentoring.preparation.models import PlanningTemplate
from tests.helpers import agreement_form_data, agreements_url, enabling_url, save_draft, step_data

pytestmark = pytest.mark.django_db

LONG = "x" * 10_000
TOO_LONG = "Ensure this value has at most 3000 characters (it has 10000)."


def summary(html: str) -> str:
    """The error summary's markup; fails when the page has none."""
    found = re.search(r'<div class="alert alert-danger error-summary".*?</div>', html, re.S)
    assert found, "no error summary on the page"
    block = found.group(0)
    assert 'role="alert"' in block and 'tabindex="-1"' in block
    assert "There is a problem" in block
    return block


def planning_url(pair):
    return reverse("preparation:planning_template", args=[pair.pk])


class TestErrorSummary:
    def test_a_crispy_form_links_each_error_to_its_field(self, client_for, pair, mentee):
        response = client_for(mentee).post(planning_url(pair), {"strengths": LONG})
        block = summary(response.text)
        assert '<a class="alert-link" href="#id_strengths">' in block
        assert TOO_LONG in block

    def test_an_allauth_form_lists_its_non_field_error(self, client, mentee):
        response = client.post(
            reverse("account_login"), {"login": mentee.email, "password": "not the password"}
        )
        block = summary(response.text)
        assert "not correct" in block

    def test_an_allauth_field_error_links_to_the_field(self, client):
        response = client.post(
            reverse("account_signup"),
            {"email": "new@example.org", "password1": "a-Long-pass-9", "password2": "other"},
        )
        assert 'href="#id_password2"' in summary(response.text)

    def test_the_agreement_lists_its_errors_at_the_top(self, client_for, draft, mentee):
        data = agreement_form_data(draft, success=LONG, goal_2="Two\nlines")
        response = client_for(mentee).post(
            agreements_url("edit", draft.agreement.mentorship), data
        )
        block = summary(response.text)
        assert 'href="#id_success"' in block and 'href="#id_goal_2"' in block
        # At the top: before the first section.
        assert response.text.index("There is a problem") < response.text.index("1. Establish")

    def test_an_htmx_step_form_shows_the_summary(self, client_for, enabling_plan, mentee):
        pair = enabling_plan
        response = client_for(mentee).post(
            enabling_url("add_step", pair, 1, "mentee"),
            step_data(pair, what=""),
            headers={"HX-Request": "true"},
        )
        assert 'href="#id_goal1-mentee-what"' in summary(response.text)

    def test_a_page_with_two_forms_shows_it_in_the_refused_one(self, client_for, draft, mentee):
        pair = draft.agreement.mentorship
        response = client_for(mentee).post(
            agreements_url("sign", pair), {"typed_name": "", "revision": draft.revision}
        )
        assert response.text.count("There is a problem") == 1
        assert 'href="#id_typed_name"' in summary(response.text)

    def test_an_unrefused_form_has_no_summary(self, client_for, pair, mentee):
        assert "There is a problem" not in client_for(mentee).get(planning_url(pair)).text


class TestLongTextIsKept:
    def test_no_field_is_cut_short_by_the_browser(self, client_for, pair, mentee):
        html = client_for(mentee).get(planning_url(pair)).text
        assert "maxlength" not in html
        assert 'data-max-length="3000"' in html

    def test_a_long_paste_is_refused_beside_the_field_and_kept_whole(
        self, client_for, pair, mentee
    ):
        response = client_for(mentee).post(planning_url(pair), {"strengths": LONG})
        assert re.search(
            r'<div id="id_strengths_error" class="invalid-feedback">\s*<p[^>]*><strong>'
            + re.escape(TOO_LONG),
            response.text,
        )
        assert re.search(
            r'<textarea name="strengths"[^>]*>\s*' + LONG + "</textarea>", response.text
        )
        assert not PlanningTemplate.objects.exists()

    def test_hand_written_fields_carry_the_limit_too(self, client_for, enabling_plan, mentee):
        html = client_for(mentee).get(enabling_url("action_plan", enabling_plan)).text
        assert "maxlength" not in html
        assert "data-max-length=" in html


@pytest.fixture
def enabling_plan(in_effect):
    return in_effect.agreement.mentorship


def section_post(version, section, **changes):
    return agreement_form_data(version, **changes) | {"section": str(section)}


class TestSavingOneSection:
    def test_only_the_named_section_is_saved_and_the_rest_come_back_as_typed(
        self, client_for, draft, mentee
    ):
        pair = draft.agreement.mentorship
        data = section_post(
            draft, 5, boundaries="New boundaries", success="Typed, not saved", goal_1="New goal"
        )
        response = client_for(mentee).post(agreements_url("edit", pair), data)
        assert response.status_code == 200
        assert "Section 5 is saved." in response.text
        draft.refresh_from_db()
        assert draft.boundaries == "New boundaries"
        assert draft.success != "Typed, not saved"
        assert draft.goals.get(position=1).text == "Goal text number 1"
        # The other sections' text is still in the page, which says it holds unsaved text,
        # at the new revision.
        assert "Typed, not saved" in response.text and "New goal" in response.text
        assert "data-unsaved" in response.text
        assert response.context["form"]["revision"].value() == draft.revision

    def test_the_goals_section_saves_the_goals(self, client_for, draft, mentee):
        pair = draft.agreement.mentorship
        data = section_post(draft, 1, goal_1="Reworded goal", goal_3="", success="Not saved")
        client_for(mentee).post(agreements_url("edit", pair), data)
        assert list(Goal.objects.filter(version=draft).values_list("text", flat=True)) == [
            "Reworded goal",
            "Goal text number 2",
        ]
        draft.refresh_from_db()
        assert draft.success != "Not saved"

    def test_errors_elsewhere_do_not_stop_a_section(self, client_for, draft, mentee):
        pair = draft.agreement.mentorship
        data = section_post(draft, 2, time_commitment="Two hours a month", success=LONG)
        response = client_for(mentee).post(agreements_url("edit", pair), data)
        draft.refresh_from_db()
        assert draft.time_commitment == "Two hours a month"
        assert "There is a problem" not in response.text
        assert LONG in response.text

    def test_a_refused_section_is_not_saved_and_says_why(self, client_for, draft, mentee):
        pair = draft.agreement.mentorship
        before = draft.revision
        data = section_post(draft, 6, success=LONG, boundaries="Typed")
        response = client_for(mentee).post(agreements_url("edit", pair), data)
        assert 'href="#id_success"' in summary(response.text)
        assert TOO_LONG in response.text
        draft.refresh_from_db()
        assert draft.revision == before
        assert "Typed" in response.text

    def test_a_partners_save_is_shown_not_overwritten(self, client_for, draft, mentee, mentor):
        pair = draft.agreement.mentorship
        opened = agreement_form_data(draft)
        save_draft(draft, mentor, boundaries="The mentor's boundaries")
        data = opened | {"section": "5", "boundaries": "The mentee's boundaries"}
        response = client_for(mentee).post(agreements_url("edit", pair), data)
        assert response.status_code == 409
        assert "The mentor&#x27;s boundaries" in response.text
        assert "The mentee&#x27;s boundaries" in response.text
        draft.refresh_from_db()
        assert draft.boundaries == "The mentor's boundaries"

    def test_the_next_section_save_follows_the_first(self, client_for, draft, mentee):
        pair = draft.agreement.mentorship
        client = client_for(mentee)
        first = client.post(agreements_url("edit", pair), section_post(draft, 3, check_ins="A"))
        data = {
            key: first.context["form"][key].value()
            for key in first.context["form"].fields
            if first.context["form"][key].value() is not None
        }
        second = client.post(agreements_url("edit", pair), data | {"section": "6", "success": "B"})
        assert second.status_code == 200
        draft.refresh_from_db()
        assert (draft.check_ins, draft.success) == ("A", "B")

    def test_every_section_has_its_button_and_the_whole_draft_its_own(
        self, client_for, draft, mentee
    ):
        html = client_for(mentee).get(agreements_url("edit", draft.agreement.mentorship)).text
        for number in range(1, len(SECTIONS) + 1):
            assert f'name="section" value="{number}"' in html
        assert "Save the whole draft" in html

    def test_an_unknown_section_is_refused(self, client_for, draft, mentee):
        pair = draft.agreement.mentorship
        response = client_for(mentee).post(agreements_url("edit", pair), section_post(draft, 8))
        assert response.status_code == 400
        assert AgreementVersion.objects.get(pk=draft.pk).revision == draft.revision

    def test_the_whole_draft_still_saves_everything(self, client_for, draft, mentee):
        pair = draft.agreement.mentorship
        data = agreement_form_data(draft, success="All of it", boundaries="Everything")
        response = client_for(mentee).post(agreements_url("edit", pair), data)
        assert response.status_code == 302
        draft.refresh_from_db()
        assert (draft.success, draft.boundaries) == ("All of it", "Everything")
