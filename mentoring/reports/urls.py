from django.urls import path

from mentoring.reports import views

app_name = "reports"

urlpatterns = [
    path("programs/<int:pk>/health/", views.program_health, name="program_health"),
    path(
        "programs/<int:pk>/health.csv",
        views.program_health,
        {"export": "csv"},
        name="program_health_csv",
    ),
    path(
        "programs/<int:pk>/health.pdf",
        views.program_health,
        {"export": "pdf"},
        name="program_health_pdf",
    ),
    path("health/", views.all_programs_health, name="all_programs_health"),
    path(
        "health.csv", views.all_programs_health, {"export": "csv"}, name="all_programs_health_csv"
    ),
]
