from django.urls import path

from mentoring.design import views

app_name = "design"

urlpatterns = [
    path("styleguide/", views.styleguide, name="styleguide"),
    path("accessibility/", views.accessibility, name="accessibility"),
]
