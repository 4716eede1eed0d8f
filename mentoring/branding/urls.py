from django.urls import path

from mentoring.branding import views

app_name = "branding"

urlpatterns = [
    path("branding/logo", views.logo, name="logo"),
    path("branding/colours.css", views.colours, name="colours"),
]
