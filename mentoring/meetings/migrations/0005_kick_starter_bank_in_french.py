"""The kick-starter bank in French (issue 16), beside the toolkit's English, row for row.

Each French text is keyed by its category's slug and the question's position, which the English
migration (0002) set and nothing changes. Readers get the text of their language
(`KickStarterQuestion.translated_text`); a French text left blank falls back to the English.
"""

from django.db import migrations, models

import mentoring.lib.text


def french(text: str) -> str:
    """French typography: a no-break space before « ? » and « : »."""
    return text.replace(" ?", "\u00a0?").replace(" :", "\u00a0:")


BANK_FR = {
    "career-journey": (
        "Parcours professionnel",
        [
            "Si quelqu’un écrivait l’histoire de votre carrière, que raconterait-elle ?",
            "Quel a été votre parcours, en formation et en expérience ?",
            "Selon vous, quelle serait la prochaine étape logique de votre carrière ?",
            "Quels doutes avez-vous quant à votre capacité d’y parvenir ?",
            "Quelles difficultés avez-vous rencontrées en chemin ?",
            "Qu’est-ce qui a orienté votre parcours vers cette voie : l’aviez-vous planifié "
            "ou cela s’est-il fait naturellement ?",
            "Quelles sont vos aspirations à long terme ?",
        ],
    ),
    "defining-goals": (
        "Définir les objectifs",
        [
            "Quels sont vos objectifs à court terme et à long terme ? Dans quels domaines "
            "voulez-vous progresser ?",
            "Qu’est-ce qui vous a donné envie d’avoir un mentor ?",
            "Quelles compétences ou connaissances cherchez-vous à développer ?",
            "Selon vous, quelles compétences me serait-il utile de travailler ?",
            "Pourquoi est-ce important pour vous ?",
            "Selon vous, sur quels points puis-je m’améliorer ?",
            "Que voulez-vous accomplir ?",
        ],
    ),
    "action-review": (
        "Revue des actions",
        [
            "Quels bienfaits retireriez-vous de l’atteinte de cet objectif ?",
            "Qu’avez-vous déjà essayé ? Qu’en retenez-vous ?",
            "Quels obstacles pourraient vous empêcher d’atteindre cet objectif ?",
            "Quelle pourrait être votre première étape ?",
            "Que pensez-vous devoir faire dès maintenant ? Quelles ressources peuvent vous aider ?",
        ],
    ),
    "strengths-and-improvements": (
        "Forces et points à améliorer",
        [
            "Selon vous, quelles sont vos forces ? Comment le savez-vous ?",
            "Sur quels points pensez-vous devoir vous améliorer ? Votre poste actuel met-il vos "
            "forces à profit ? Quels aspects de votre travail freinent votre développement ? "
            "Comment travaillez-vous les points à améliorer ?",
        ],
    ),
    "reflection-and-gratitude": (
        "Réflexion et gratitude",
        [
            "Qu’aurais-je pu faire autrement pour améliorer le résultat ?",
            "Envers qui éprouvez-vous de la gratitude, et qu’est-ce que cette personne vous a "
            "apporté ? À quelle période de votre carrière avez-vous senti que vous progressiez "
            "le plus ?",
            "Qu’est-ce qui suscite le plus votre gratitude ?",
        ],
    ),
    "relationships": (
        "Relations",
        [
            "Quelles relations sont particulièrement difficiles, et pourquoi ? Que faites-vous "
            "pour atténuer ou résoudre les conflits ?",
            "Quels groupes de réseautage devrais-je explorer ?",
            "Comment bâtissez-vous votre réseau ?",
            "Quels conseils donneriez-vous sur le réseautage ?",
        ],
    ),
    "personal-development": (
        "Développement personnel",
        [
            "Quelles valeurs sont les plus importantes pour vous ?",
            "Qu’aimez-vous faire en dehors du travail ?",
            "Qu’est-ce qui vous inspire ?",
            "Comment gardez-vous votre motivation ?",
            "Y a-t-il des personnes qui vous ont servi de modèles, et pourquoi ?",
        ],
    ),
    "professional-development": (
        "Développement professionnel",
        [
            "Que recommandez-vous pour l’apprentissage en cours d’emploi ou le "
            "perfectionnement structuré ?",
        ],
    ),
}


def load_french(apps, schema_editor):
    Category = apps.get_model("meetings", "KickStarterCategory")
    Question = apps.get_model("meetings", "KickStarterQuestion")
    for slug, (name, questions) in BANK_FR.items():
        Category.objects.filter(slug=slug).update(name_fr=name)
        for position, text in enumerate(questions, start=1):
            Question.objects.filter(category__slug=slug, position=position).update(
                text_fr=french(text)
            )


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0004_data_rights"),
    ]

    operations = [
        migrations.AddField(
            model_name="kickstartercategory",
            name="name_fr",
            field=models.CharField(
                blank=True,
                max_length=100,
                validators=[mentoring.lib.text.validate_single_line],
                verbose_name="name in French",
            ),
        ),
        migrations.AddField(
            model_name="kickstarterquestion",
            name="text_fr",
            field=models.CharField(
                blank=True,
                max_length=300,
                validators=[mentoring.lib.text.validate_single_line],
                verbose_name="text in French",
            ),
        ),
        migrations.RunPython(load_french, migrations.RunPython.noop),
    ]
