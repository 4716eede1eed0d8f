from django.urls import path

from mentoring.reminders import views

app_name = "reminders"

urlpatterns = [
    path("account/reminders/", views.preferences, name="preferences"),
    path("reminders/stop/<str:token>/", views.opt_out, name="opt_out"),
]
