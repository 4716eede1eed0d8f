from django.urls import path

from mentoring.privacy import account_views, views

app_name = "privacy"

urlpatterns = [
    path("accounts/delete/", account_views.delete_account, name="delete_account"),
    path("privacy/", views.your_data, name="your_data"),
    path("privacy/exports/<int:pk>/download/", views.download_export, name="download_export"),
    path("accounts/deleted/", account_views.account_deleted, name="account_deleted"),
]
