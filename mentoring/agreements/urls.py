from django.urls import path

from mentoring.agreements import views

app_name = "agreements"

urlpatterns = [
    path(
        "mentorships/<int:pk>/responsibilities/",
        views.responsibilities,
        name="responsibilities",
    ),
    path(
        "mentorships/<int:pk>/responsibilities/acknowledge/",
        views.acknowledge,
        name="acknowledge",
    ),
    path("mentorships/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("mentorships/<int:pk>/agreement/start/", views.start, name="start"),
    path("mentorships/<int:pk>/agreement/edit/", views.edit, name="edit"),
    path("mentorships/<int:pk>/agreement/sign/", views.sign, name="sign"),
    path("mentorships/<int:pk>/agreement/amend/", views.amend, name="amend"),
    path("mentorships/<int:pk>/agreement/versions/", views.versions, name="versions"),
    path(
        "mentorships/<int:pk>/agreement/versions/<int:number>/",
        views.version,
        name="version",
    ),
    path(
        "mentorships/<int:pk>/agreement/versions/<int:number>/pdf/",
        views.version_pdf,
        name="version_pdf",
    ),
]
