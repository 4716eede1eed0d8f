from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.shortcuts import redirect, render

from accounts.availability import AVAILABILITY_FIELDS, availability_saved
from accounts.forms import ProfileForm


@login_required
def profile(request):
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        changed_availability = set(form.changed_data) & set(AVAILABILITY_FIELDS)
        try:
            with transaction.atomic():
                user = form.save()
                # What a new capacity or a pause means for pairs and requests (accounts/
                # availability.py): refused beside its field, and then nothing is saved.
                said = availability_saved(user) if changed_availability else []
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your profile is saved.")
            for text in said:
                messages.info(request, text)
            return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})
