"""`{% fixed_url 'name' %}`: `{% url 'name' %}` for a URL that takes no argument, reversed once
per process.

Such a URL cannot change while the process runs: the URLconf and the script prefix are fixed
per deployment, and both are part of the key all the same. base.html's dozen of them cost a
simple page a tenth of its time when reversed on every page. A test that changes the URLconf
empties the memo, as Django empties its own resolvers.
"""

from functools import cache

from django import template
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@cache
def _reversed(name: str, urlconf: str | None, prefix: str) -> str:
    return reverse(name, urlconf=urlconf)


@register.simple_tag
def fixed_url(name: str) -> str:
    return _reversed(name, get_urlconf(), get_script_prefix())


@receiver(setting_changed)
def _forget(*, setting, **kwargs) -> None:
    if setting in {"ROOT_URLCONF", "FORCE_SCRIPT_NAME"}:
        _reversed.cache_clear()
