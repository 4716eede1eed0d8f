"""The toolkit's conversation kick-starters, word for word, as the pair's question bank.

The text is copied here, not read from the spec at run time: a migration must give the same
rows whenever it runs. tests/test_kick_starters.py checks it against the toolkit's text
(tests/fixtures/toolkit.md).
"""

from django.db import migrations
from django.utils.text import slugify

BANK = [
    (
        "Career Journey",
        [
            "If someone was writing the story of your career, what would it be?",
            "What's your educational and experiential journey?",
            "What do you see as the next logical step for your career?",
            "What doubts do you have in being able to achieve that?",
            "What were some challenges along the way?",
            "What led you to this path - and did you plan it or did it happen organically?",
            "What's your long term aspirations?",
        ],
    ),
    (
        "Defining Goals",
        [
            "What are your short-term goals/long-term goals? What areas do you want to grow?",
            "What interested you in wanting a mentor?",
            "What skills or knowledge are you looking to develop?",
            "What skills do you think are beneficial for me to work on?",
            "Why is this important to you?",
            "Where do you think I can improve?",
            "What do you want to achieve?",
        ],
    ),
    (
        "Action Review",
        [
            "What would be the benefits be if you achieve this goal?",
            "What have you already tried? What can you learn from that?",
            "What obstacles do you see that might get in your way from achieving that goal?",
            "What could be your first step?",
            "What do you think you need to do right now? What resources can help you?",
        ],
    ),
    (
        "Strengths and Improvements",
        [
            "What do you consider to be your strengths? How do you know this?",
            "What areas do you think you need to improve? Does your current role leverage your strengths? What parts of your job hinders your development? How do you mitigate areas that need improvement?",
        ],
    ),
    (
        "Reflection and Gratitude",
        [
            "What could I have done differently that may have improved the outcome?",
            "Who is someone you are grateful for – what has that given you? What was a period in your career where you felt you had the most growth?",
            "What are you most grateful for?",
        ],
    ),
    (
        "Relationships",
        [
            "What relationships are particularly difficult, and why? What do you do to mitigate or resolve conflict?",
            "What networking groups should I look at?",
            "How do you build your network?",
            "What's some networking advice?",
        ],
    ),
    (
        "Personal Development",
        [
            "What values are most important to you?",
            "What do you love to do outside of work?",
            "What inspires you?",
            "How are you staying motivated?",
            "Do you have any role models you've looked up to - and why?",
        ],
    ),
    (
        "Professional Development",
        [
            "What are your recommendations for on-the-job learning or formal development?",
        ],
    ),
]


def load_bank(apps, schema_editor):
    Category = apps.get_model("meetings", "KickStarterCategory")
    Question = apps.get_model("meetings", "KickStarterQuestion")
    for position, (name, questions) in enumerate(BANK, start=1):
        category = Category.objects.create(name=name, slug=slugify(name), position=position)
        Question.objects.bulk_create(
            Question(category=category, position=number, text=text)
            for number, text in enumerate(questions, start=1)
        )


def unload_bank(apps, schema_editor):
    apps.get_model("meetings", "KickStarterCategory").objects.filter(
        name__in=[name for name, _ in BANK]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
    ]

    operations = [migrations.RunPython(load_bank, unload_bank)]
