"""Blanking what people wrote while keeping the rows that reports count."""

from django.db import models


def written_fields(model) -> list[str]:
    """The model's free-text fields: text and character fields without choices. Choices,
    dates, numbers and flags are what anonymous counts are made of, and stay."""
    return [
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and not field.unique
    ]


def blank_writing(queryset) -> int:
    """Empty every free-text field of the rows in one UPDATE; returns how many rows."""
    return queryset.update(**dict.fromkeys(written_fields(queryset.model), ""))
