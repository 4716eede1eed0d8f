from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from mentoring.health import services
from mentoring.health.forms import FitCheckForm
from mentoring.health.models import Fit, FitCheck
from mentoring.programs.access import get_mentorship_for_member


@login_required
def fit_check(request, pk):
    """A member's own fit check: coordinators and strangers get a 404 (the access helper)."""
    mentorship, _ = get_mentorship_for_member(request.user, pk)
    mine = FitCheck.objects.filter(mentorship=mentorship, author=request.user).first()
    closed = services.why_fit_check_closed(mentorship)
    if request.method == "POST" and closed:
        messages.error(request, closed)
        return redirect("health:fit_check", pk)
    data = request.POST if request.method == "POST" else None
    form = None if closed else FitCheckForm(data, instance=mine)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_fit_check(
                mentorship=mentorship, user=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your answer is saved. Only you can see it.")
            return redirect("health:fit_check", pk)
    context = {
        "mentorship": mentorship,
        "partner": mentorship.partner_of(request.user),
        "form": form,
        "mine": mine,
        "closed": closed,
        "not_a_fit": mine is not None and mine.answer == Fit.NOT_A_FIT,
    }
    status = 400 if form is not None and form.is_bound else 200
    return render(request, "health/fit_check.html", context, status=status)
