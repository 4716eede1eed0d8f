from django.urls import path

from mentoring.enabling import views

app_name = "enabling"

urlpatterns = [
    path("mentorships/<int:pk>/action-plan/", views.action_plan, name="action_plan"),
    path("mentorships/<int:pk>/action-plan/pdf/", views.action_plan_pdf, name="action_plan_pdf"),
    path(
        "mentorships/<int:pk>/action-plan/goals/<int:position>/",
        views.save_section,
        name="save_section",
    ),
    path(
        "mentorships/<int:pk>/action-plan/goals/<int:position>/<str:owner>/steps/",
        views.add_step,
        name="add_step",
    ),
    path("mentorships/<int:pk>/action-plan/steps/<int:step>/", views.step, name="step"),
    path(
        "mentorships/<int:pk>/action-plan/steps/<int:step>/edit/",
        views.edit_step,
        name="edit_step",
    ),
    path(
        "mentorships/<int:pk>/action-plan/steps/<int:step>/remove/",
        views.remove_step,
        name="remove_step",
    ),
    path(
        "mentorships/<int:pk>/action-plan/steps/<int:step>/done/",
        views.tick_step,
        name="tick_step",
    ),
    path("mentorships/<int:pk>/check-in/", views.check_in, name="check_in"),
]
