from django.urls import path

from mentoring.audit import views

app_name = "audit"

urlpatterns = [
    path("audit/", views.log, name="log"),
    path("audit/export/", views.log_csv, name="log_csv"),
]
