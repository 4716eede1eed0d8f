"""The conversation kick-starter bank and the meeting's agenda, in the toolkit's own words."""

import re

import pytest
from django.utils import timezone

from mentoring.meetings.forms import ReflectionForm
from mentoring.meetings.models import (
    AGENDA_GUIDANCE,
    KICK_STARTERS_INTRO,
    AgendaQuestion,
    KickStarterCategory,
    KickStarterQuestion,
    Reflection,
)
from tests.factories import ReflectionFactory
from tests.helpers import SPEC, meeting_url, meetings_url, spec_section

# The meetings fixtures (enabling, upcoming, held, committed) are in tests/conftest.py; the
# kick-starter bank is loaded again in case a browser test's flush emptied it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kick_starter_bank")]


class TestLabelsAreTheToolkitsWords:
    def test_the_reflection_questions_are_the_toolkits(self):
        bullets = re.findall(r"^- (.+?) \(", spec_section("Meeting reflection"), re.M)
        assert len(bullets) == 3
        assert [question for question, _ in Reflection.QUESTIONS] == bullets
        form = ReflectionForm()
        assert [question for question, _ in form.questions()] == bullets
        # One answer: the field itself carries the question; three and two: a fieldset each.
        assert form.fields["never_forget"].label == bullets[2]
        assert [len(fields) for _, fields in form.questions()] == [3, 2, 1]

    def test_the_reflection_page_shows_each_question_once_as_legend_or_label(
        self, client_for, held, mentee
    ):
        page = client_for(mentee).get(meeting_url("reflection", held)).text
        assert '<legend class="h6 fw-semibold">What are 3 things you learned today?</legend>' in (
            page
        )
        assert "What are 2 actions or changes you will make?</legend>" in page
        assert re.search(r"<label[^>]*>\s*What is 1 thing that you will never forget\?", page)

    def test_the_bank_holds_every_kick_starter_of_the_toolkit_word_for_word(self):
        section = spec_section("Conversation kick-starters")
        items = re.findall(r"^- \*\*(.+?)\*\*: (.+)$", section, re.M)
        expected = [(name, questions.split(" · ")) for name, questions in items]
        assert len(expected) == 8
        stored = [
            (category.name, [question.text for question in category.questions.all()])
            for category in KickStarterCategory.objects.order_by("position")
        ]
        assert stored == expected
        assert KickStarterQuestion.objects.count() == 34

    def test_the_bank_keeps_two_questions_in_one_item_as_the_toolkit_has_them(self):
        assert KickStarterQuestion.objects.filter(
            text="What have you already tried? What can you learn from that?"
        ).exists()

    def test_the_intro_and_agenda_guidance_are_the_toolkits_words(self):
        text = SPEC.read_text()
        assert f'"{KICK_STARTERS_INTRO}"' in spec_section("Conversation kick-starters")
        assert f"will {AGENDA_GUIDANCE}" in text

    def test_the_bank_page_shows_the_intro_and_every_question(self, client_for, stranger):
        page = client_for(stranger).get(meetings_url("kick_starters")).text
        assert KICK_STARTERS_INTRO in page
        for question in KickStarterQuestion.objects.all():
            assert str(question.text).replace("'", "&#x27;") in page

    def test_the_meeting_page_shows_the_agenda_guidance(self, client_for, upcoming, mentee):
        page = client_for(mentee).get(upcoming.get_absolute_url()).text
        assert f"“{AGENDA_GUIDANCE}”" in page


class TestAgenda:
    def test_the_mentee_writes_discussion_points_and_the_mentor_reads_them(
        self, client_for, upcoming, mentee, mentor
    ):
        response = client_for(mentee).post(
            meeting_url("save_agenda", upcoming), {"agenda": "1. The budget course"}, follow=True
        )
        assert f"{mentor} sees them" in response.text
        page = client_for(mentor).get(upcoming.get_absolute_url()).text
        assert "1. The budget course" in page
        assert 'name="agenda"' not in page

    def test_only_the_mentee_edits_the_agenda(self, client_for, upcoming, mentor):
        client = client_for(mentor)
        question = KickStarterQuestion.objects.first()
        assert (
            client.post(meeting_url("save_agenda", upcoming), {"agenda": "x"}).status_code == 403
        )
        response = client.post(meeting_url("add_question", upcoming), {"question": question.pk})
        assert response.status_code == 403
        upcoming.refresh_from_db()
        assert upcoming.agenda == ""
        assert not AgendaQuestion.objects.exists()

    def test_too_long_discussion_points_are_explained_and_kept(self, client_for, upcoming, mentee):
        text = "Budget " * 500
        response = client_for(mentee).post(meeting_url("save_agenda", upcoming), {"agenda": text})
        assert response.status_code == 400
        assert "at most 3000 characters" in response.text
        assert text.strip() in response.text
        upcoming.refresh_from_db()
        assert upcoming.agenda == ""

    def test_questions_from_the_bank_go_on_the_agenda_in_order_and_come_off(
        self, client_for, upcoming, mentee
    ):
        client = client_for(mentee)
        first, second = KickStarterQuestion.objects.filter(category__slug="action-review")[:2]
        client.post(meeting_url("add_question", upcoming), {"question": second.pk})
        response = client.post(
            meeting_url("add_question", upcoming),
            {"question": first.pk, "from": "bank", "category": "action-review"},
        )
        assert response.url == meeting_url("meeting_kick_starters", upcoming) + (
            "?category=action-review"
        )
        assert [item.question for item in upcoming.agenda_items.order_by("position")] == [
            second,
            first,
        ]
        page = client.get(upcoming.get_absolute_url()).text
        assert page.index(second.text.replace("'", "&#x27;")) < page.index(
            first.text.replace("'", "&#x27;")
        )
        response = client.post(meeting_url("remove_question", upcoming, second.pk), follow=True)
        assert "Taken off the agenda" in response.text
        assert list(upcoming.agenda_questions.all()) == [first]

    def test_adding_a_question_twice_or_removing_it_twice_is_explained(
        self, client_for, upcoming, mentee
    ):
        client = client_for(mentee)
        question = KickStarterQuestion.objects.first()
        client.post(meeting_url("add_question", upcoming), {"question": question.pk})
        response = client.post(
            meeting_url("add_question", upcoming), {"question": question.pk}, follow=True
        )
        assert "already on the agenda" in response.text
        assert AgendaQuestion.objects.count() == 1
        client.post(meeting_url("remove_question", upcoming, question.pk))
        response = client.post(meeting_url("remove_question", upcoming, question.pk), follow=True)
        assert "was not on the agenda any more" in response.text

    def test_unknown_questions_and_categories_are_404(self, client_for, upcoming, mentee):
        client = client_for(mentee)
        assert (
            client.post(meeting_url("add_question", upcoming), {"question": 9999}).status_code
            == 404
        )
        assert client.post(meeting_url("add_question", upcoming), {}).status_code == 404
        assert client.post(meeting_url("remove_question", upcoming, 9999)).status_code == 404
        assert client.get(meetings_url("kick_starters"), {"category": "nope"}).status_code == 404

    def test_the_agenda_is_final_once_the_meeting_is_held(self, client_for, held, mentee):
        response = client_for(mentee).post(
            meeting_url("save_agenda", held), {"agenda": "Late points"}, follow=True
        )
        assert "its agenda is final" in response.text
        held.refresh_from_db()
        assert held.agenda == ""

    def test_the_bank_browses_by_category_and_marks_what_is_on_the_agenda(
        self, client_for, upcoming, mentee, mentor
    ):
        question = KickStarterQuestion.objects.get(text="What inspires you?")
        client_for(mentee).post(meeting_url("add_question", upcoming), {"question": question.pk})
        page = (
            client_for(mentor)
            .get(
                meeting_url("meeting_kick_starters", upcoming),
                {"category": "personal-development"},
            )
            .text
        )
        assert "What inspires you?" in page
        assert "What&#x27;s some networking advice?" not in page
        assert "On the agenda" in page
        assert "Add to agenda" not in page

    @pytest.mark.parametrize("on_agenda", [1, 10])
    def test_the_bank_page_query_count_does_not_grow(
        self, client_for, upcoming, mentee, on_agenda, django_assert_max_num_queries
    ):
        for position, question in enumerate(KickStarterQuestion.objects.all()[:on_agenda], 1):
            AgendaQuestion.objects.create(meeting=upcoming, question=question, position=position)
        client = client_for(mentee)
        # session + user, the mentorship, the meeting, categories, their questions,
        # the agenda's question ids
        with django_assert_max_num_queries(7):
            response = client.get(meeting_url("meeting_kick_starters", upcoming))
        assert response.status_code == 200

    @pytest.mark.parametrize("on_agenda", [1, 10])
    def test_the_meeting_page_query_count_does_not_grow(
        self, client_for, held, mentee, on_agenda, django_assert_max_num_queries
    ):
        for position, question in enumerate(KickStarterQuestion.objects.all()[:on_agenda], 1):
            AgendaQuestion.objects.create(meeting=held, question=question, position=position)
        ReflectionFactory(meeting=held, author=held.mentorship.mentor, shared_at=timezone.now())
        client = client_for(mentee)
        # session + user, the mentorship, the meeting, the agenda's questions with categories,
        # my reflection, my partner's shared reflection
        with django_assert_max_num_queries(7):
            response = client.get(held.get_absolute_url())
        assert response.status_code == 200


class TestTheBankInFrench:
    """The bank keeps its French with the data (migration 0005), read in the reader's language."""

    def test_every_category_and_question_has_its_french(self):
        assert not KickStarterCategory.objects.filter(name_fr="").exists()
        assert not KickStarterQuestion.objects.filter(text_fr="").exists()
        assert KickStarterQuestion.objects.exclude(text_fr__contains="\u00a0?").count() == 0

    def test_a_french_reader_reads_the_bank_in_french_and_an_english_one_in_english(
        self, client_for, mentee, mentor
    ):
        type(mentee).objects.filter(pk=mentee.pk).update(language="fr-ca")
        french = client_for(mentee).get(meetings_url("kick_starters")).text
        english = client_for(mentor).get(meetings_url("kick_starters")).text
        first = "Si quelqu’un écrivait l’histoire de votre carrière, que raconterait-elle\u00a0?"
        assert "Parcours professionnel" in french and first in french
        assert "Career Journey" not in french
        assert "Career Journey" in english and first not in english

    def test_a_french_agenda_question_names_its_french_text(self, client_for, upcoming, mentee):
        question = KickStarterQuestion.objects.get(category__slug="defining-goals", position=5)
        type(mentee).objects.filter(pk=mentee.pk).update(language="fr-ca")
        response = client_for(mentee).post(
            meeting_url("add_question", upcoming), {"question": question.pk}, follow=True
        )
        assert "Pourquoi est-ce important pour vous\u00a0?" in response.text
        assert "Why is this important to you?" not in response.text
