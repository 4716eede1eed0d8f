from django.urls import path

from mentoring.programs import access_log_views, views

app_name = "programs"

urlpatterns = [
    path("programs/new/", views.new_program, name="new_program"),
    path("programs/<int:pk>/", views.program, name="program"),
    path("programs/<int:pk>/edit/", views.edit_program, name="edit_program"),
    path("programs/<int:pk>/archive/", views.archive, name="archive"),
    path("programs/archived/", views.archived_programs, name="archived_programs"),
    path("programs/<int:pk>/pairs/new/", views.new_pair, name="new_pair"),
    path("mentorships/<int:pk>/", views.mentorship, name="mentorship"),
    path("mentorships/<int:pk>/looked/", access_log_views.access_log, name="access_log"),
    path(
        "mentorships/<int:pk>/start-negotiating/",
        views.start_negotiating,
        name="start_negotiating",
    ),
]
