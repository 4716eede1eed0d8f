from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from mentoring.reminders import services
from mentoring.reminders.forms import PreferencesForm
from mentoring.reminders.links import read_opt_out_token


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, turned_off=services.turned_off(request.user))
    if request.method == "POST" and form.is_valid():
        services.set_preferences(user=request.user, wanted=form.wanted())
        messages.success(request, gettext("Your reminder choices are saved."))
        return redirect("reminders:preferences")
    return render(request, "reminders/preferences.html", {"form": form})


def opt_out(request, token):
    """From the link in a reminder, no sign-in needed: the signed token names the person and
    the kind. A GET only asks, so a mail scanner following links changes nothing."""
    found = read_opt_out_token(token)
    if found is None:
        return render(request, "reminders/opt_out_invalid.html", status=404)
    user, kind = found
    if request.method == "POST":
        services.opt_out(user=user, kind=kind)
        return redirect(request.path)
    done = user.reminder_opt_outs.filter(kind=kind).exists()
    return render(request, "reminders/opt_out.html", {"person": user, "kind": kind, "done": done})
