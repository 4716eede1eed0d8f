from allauth.core import ratelimit
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_safe

from mentoring.privacy.erasure import erase_account, why_not_erase
from mentoring.privacy.forms import DeleteAccountForm
from mentoring.programs.models import Mentorship


@login_required
def delete_account(request):
    refusals = why_not_erase(request.user)
    form = DeleteAccountForm(request.POST or None, user=request.user)
    if request.method == "POST" and not refusals:
        # Guessing a password here is throttled as allauth throttles re-authenticating.
        if not ratelimit.consume(request, action="reauthenticate", user=request.user):
            form.add_error(None, gettext("Too many tries: wait a minute, then try again."))
        elif form.is_valid():
            try:
                erase_account(user=request.user)
            except ValidationError as error:
                refusals = error.messages
            else:
                logout(request)
                messages.success(request, gettext("Your account is deleted."))
                return redirect("privacy:account_deleted")
    ending = Mentorship.objects.open().of_member(request.user).as_cards()
    return render(
        request,
        "privacy/delete_account.html",
        {"form": form, "refusals": refusals, "ending": ending},
    )


@require_safe
def account_deleted(request):
    return render(request, "privacy/account_deleted.html")
