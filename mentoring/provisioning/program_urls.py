from django.urls import path

from mentoring.provisioning import program_views

app_name = "provisioning"

urlpatterns = [
    path(
        "programs/<int:pk>/directory-groups/",
        program_views.directory_groups,
        name="directory_groups",
    ),
    path(
        "programs/<int:pk>/directory-groups/<int:group_pk>/remove/",
        program_views.remove_directory_group,
        name="remove_directory_group",
    ),
]
