"""SCIM 2.0 under /scim/v2/, the names django-scim2's adapters reverse (namespace "scim")."""

from django.urls import path, re_path
from django_scim import views as scim

from mentoring.provisioning import views

app_name = "scim"

not_implemented = scim.SCIMView.as_view(implemented=False)

urlpatterns = [
    path("", not_implemented, name="root"),
    re_path(r"^Users(?:/(?P<uuid>[^/]+))?$", views.UsersView.as_view(), name="users"),
    re_path(r"^Groups(?:/(?P<uuid>[^/]+))?$", views.GroupsView.as_view(), name="groups"),
    path(".search", not_implemented, name="search"),
    path("Me", not_implemented, name="me"),
    path("Bulk", not_implemented, name="bulk"),
    path(
        "ServiceProviderConfig",
        scim.ServiceProviderConfigView.as_view(),
        name="service-provider-config",
    ),
    re_path(
        r"^ResourceTypes(?:/(?P<uuid>[^/]+))?$",
        scim.ResourceTypesView.as_view(),
        name="resource-types",
    ),
    re_path(r"^Schemas(?:/(?P<uuid>[^/]+))?$", scim.SchemasView.as_view(), name="schemas"),
]
