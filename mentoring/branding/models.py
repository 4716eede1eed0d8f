import base64
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, models, transaction
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from mentoring.branding import logos
from mentoring.lib.contrast import validate_primary_colour
from mentoring.lib.text import validate_single_line

CACHE_KEY = "branding:1"
# Every page reads the branding; a save clears the cache, and the timeout only bounds how long
# a change made behind the model's back (a restored database) could go unseen.
CACHE_SECONDS = 60 * 60
# What pages need, cached: never the logo's bytes, which only its view and PDFs read.
CACHED_FIELDS = ("id", "name", "primary_colour", "logo_type", "logo_digest")


def default_name() -> str:
    return settings.ORG_NAME


class Branding(models.Model):
    """The deployment's organisation name, logo and primary colour: one row, set in the admin.

    Without a row, `current()` gives the defaults: the name from settings.ORG_NAME, no logo and
    no colour of its own (the site's palette).
    """

    class LogoType(models.TextChoices):
        PNG = logos.PNG, "PNG"
        SVG = logos.SVG, "SVG"

    # One row only: its key is always 1, and the database refuses any other.
    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    name = models.CharField(
        _("organisation name"),
        max_length=100,
        default=default_name,
        validators=[validate_single_line],
        help_text=_("Shown in the header, page titles, emails and PDFs."),
    )
    primary_colour = models.CharField(
        max_length=7,
        blank=True,
        validators=[validate_primary_colour],
        help_text=_(
            "Buttons, links and the header, as # and six hex digits (e.g. #0b5394). White text "
            "on it needs a contrast of at least 4.5:1. Leave empty for the site's own colours."
        ),
    )
    # The bytes live in the database, not in a file of the default storage: every web node and
    # the task worker (emails, PDFs) read the same database, while a file saved on the node
    # that took the upload would be missing on the others and from database backups.
    logo = models.BinaryField(blank=True, default=b"", max_length=logos.MAX_BYTES)
    logo_type = models.CharField(max_length=20, blank=True, choices=LogoType.choices)
    # The logo's SHA-256: its ETag, and the version in its URL.
    logo_digest = models.CharField(max_length=64, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("branding")
        verbose_name_plural = _("branding")
        constraints = [models.CheckConstraint(condition=models.Q(id=1), name="branding_one_row")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.logo_digest = hashlib.sha256(self.logo).hexdigest() if self.logo else ""
        super().save(*args, **kwargs)
        # Now, for the rest of this request; and after the commit, in case another request
        # cached the row as it was before it.
        cache.delete(CACHE_KEY)
        transaction.on_commit(lambda: cache.delete(CACHE_KEY))

    @classmethod
    def current(cls) -> "Branding":
        """The branding in force, through the cache (shared by every node in production).

        Its logo is deferred: `logo_data_url()` reads the bytes when a PDF needs them.
        """
        values = cache.get(CACHE_KEY)
        if values is None:
            values = cls.objects.filter(pk=1).values(*CACHED_FIELDS).first() or {}
            cache.set(CACHE_KEY, values, CACHE_SECONDS)
        if not values:
            return cls()
        return cls.from_db(DEFAULT_DB_ALIAS, list(values), list(values.values()))

    @property
    def is_saved(self) -> bool:
        """Whether staff saved the branding (else these are the defaults)."""
        return not self._state.adding

    @property
    def has_logo(self) -> bool:
        return bool(self.logo_digest)

    @property
    def logo_url(self) -> str:
        # Versioned, so a new logo shows at once while browsers keep the old one's copy.
        return f"{reverse('branding:logo')}?v={self.logo_digest[:16]}"

    @property
    def colours_url(self) -> str:
        return f"{reverse('branding:colours')}?v={self.primary_colour.lstrip('#')}"

    def logo_bytes(self) -> bytes:
        content = Branding.objects.filter(pk=self.pk).values_list("logo", flat=True).first()
        # PostgreSQL gives a memoryview.
        return bytes(content or b"")

    def logo_data_url(self) -> str:
        """The logo inline, for PDFs: their renderer loads nothing but data: URLs."""
        if not self.has_logo:
            return ""
        encoded = base64.b64encode(self.logo_bytes()).decode("ascii")
        return f"data:{self.logo_type};base64,{encoded}"
