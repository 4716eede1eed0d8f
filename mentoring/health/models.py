"""How a pair is doing, as its members say it: the fit check after the first meeting.

A member's answer is theirs alone. Their partner never sees it; the program's coordinators
learn only that someone in the pair answered "Not a fit" (`FitCheckQuerySet.not_a_fit`), never
who, and never why.
"""

from django.conf import settings
from django.db import models

from mentoring.lib.text import validate_multiline
from mentoring.programs.models import Mentorship

FIT_QUESTION = "After your first meeting, how is the fit?"
WHY_LENGTH = 2000


class Fit(models.TextChoices):
    GOOD = "good", "A good fit"
    DECIDING = "deciding", "Still deciding"
    NOT_A_FIT = "not_a_fit", "Not a fit"


class FitCheckQuerySet(models.QuerySet):
    def not_a_fit(self):
        return self.filter(answer=Fit.NOT_A_FIT)


class FitCheck(models.Model):
    """One member's answer to the fit check. Answering again replaces it."""

    mentorship = models.ForeignKey(Mentorship, on_delete=models.CASCADE, related_name="fit_checks")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.CharField(FIT_QUESTION, max_length=10, choices=Fit)
    why = models.TextField(
        "Why? (optional)",
        max_length=WHY_LENGTH,
        blank=True,
        validators=[validate_multiline],
        help_text=f"Only you see this: never your partner, never your coordinator. "
        f"Up to {WHY_LENGTH:,} characters.",
    )
    answered_at = models.DateTimeField()
    updated_at = models.DateTimeField(auto_now=True)

    objects = FitCheckQuerySet.as_manager()

    class Meta:
        ordering = ["mentorship", "answered_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["mentorship", "author"],
                name="fit_check_one_per_member",
                violation_error_message="You have already answered; your new answer replaces it.",
            )
        ]

    def __str__(self):
        return f"Fit check of {self.mentorship}"
