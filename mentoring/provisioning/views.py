"""The SCIM 2.0 endpoints (RFC 7644), django-scim2's views on our models, with lists that
count and page in the database (the library's count every row in Python) and a filter read
by scim2-filter-parser into the ORM, refusing attributes it cannot filter on."""

import json

from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.http import HttpResponse
from django_scim import constants, exceptions
from django_scim import views as scim
from django_scim.models import SCIMServiceProviderConfig
from scim2_filter_parser.lexer import SCIMLexer
from scim2_filter_parser.parser import SCIMParser, SCIMParserError
from scim2_filter_parser.transpilers.django_q_object import Transpiler

from accounts.models import User
from mentoring.provisioning.adapters import GroupAdapter, UserAdapter, is_uuid
from mentoring.provisioning.attributes import ENTERPRISE
from mentoring.provisioning.models import DirectoryGroup, ProvisionedAccount

MAX_RESULTS = 200  # per page, whatever `count` asks for
MAX_START = 2**31 - 1  # past any list, and within every database's integers
MAX_FILTER_LENGTH = 1000  # a directory's filters are a clause or two
USER_FILTERS = {
    ("userName", None, None): "user_name",
    ("externalId", None, None): "external_id",
    ("id", None, None): "scim_id",
    ("emails", None, None): "user__email",
    ("emails", "value", None): "user__email",
    ("displayName", None, None): "user__full_name",
    ("name", "givenName", None): "given_name",
    ("name", "familyName", None): "family_name",
    ("active", None, None): "user__is_active",
    ("department", None, ENTERPRISE): "user__department",
}
GROUP_FILTERS = {
    ("displayName", None, None): "display_name",
    ("externalId", None, None): "external_id",
    ("id", None, None): "scim_id",
    ("members", None, None): "members__provisioned__scim_id",
    ("members", "value", None): "members__provisioned__scim_id",
}
# Filters directories add that say nothing here: every address is the work one.
IGNORED_FILTERS = {("emails", "type", None), ("emails", "primary", None)}


def lowered(*parts):
    return tuple(part.lower() if part else part for part in parts)


class StrictTranspiler(Transpiler):
    def visit_AttrPath(self, node):
        field = super().visit_AttrPath(node)
        key = lowered(node.attr_name, node.sub_attr.value if node.sub_attr else None, node.uri)
        if field is None and key not in {lowered(*each) for each in IGNORED_FILTERS}:
            raise exceptions.BadRequestError(
                f"Cannot filter on “{node.attr_name}”.", scim_type="invalidFilter"
            )
        return field


def filtered(queryset, query: str, attr_map: dict):
    unreadable = exceptions.BadRequestError(
        f"Cannot read the filter “{query[:100]}”.", scim_type="invalidFilter"
    )
    if len(query) > MAX_FILTER_LENGTH or "\x00" in query:
        raise unreadable
    try:
        tree = SCIMParser().parse(SCIMLexer().tokenize(query))
        condition = StrictTranspiler(attr_map).transpile(tree)
    except (SCIMParserError, ValueError, TypeError, RecursionError):
        raise unreadable from None
    if condition is None:
        return queryset
    try:
        return queryset.filter(condition).distinct()
    except ValidationError:  # a value of the wrong kind, an id that is not one of ours
        return queryset.none()
    except (ValueError, TypeError):  # a comparison Django cannot make, such as `gt null`
        raise unreadable from None


class ResourceView:
    attr_map: dict = {}

    def load_body(self, body):
        try:
            loaded = json.loads(body.decode(constants.ENCODING).strip() or "{}")
        except (UnicodeDecodeError, json.JSONDecodeError, RecursionError):
            raise exceptions.BadRequestError(
                "The body is not JSON.", scim_type="invalidSyntax"
            ) from None
        if not isinstance(loaded, dict):
            raise exceptions.BadRequestError(
                "The body must be a JSON object.", scim_type="invalidSyntax"
            )
        return loaded

    def get_object(self):
        identifier = self.kwargs.get(self.lookup_url_kwarg)
        found = is_uuid(identifier) and self.queryset().filter(scim_id=identifier).first()
        if not found:
            raise exceptions.NotFoundError(identifier)
        return found

    def get_many(self, request):
        start, count = self._page(request)
        start, count = min(start, MAX_START), max(0, min(count, MAX_RESULTS))
        resources = self.queryset()
        if query := request.GET.get("filter"):
            resources = filtered(resources, query, self.attr_map)
        total = resources.count()
        page = resources.order_by("created_at", "pk")[start - 1 : start - 1 + count]
        adapter = self.scim_adapter
        listed = [self.adapted(adapter(obj, request=request)).to_dict() for obj in page]
        document = {
            "schemas": [constants.SchemaURI.LIST_RESPONSE],
            "totalResults": total,
            "itemsPerPage": len(listed),
            "startIndex": start,
            "Resources": listed,
        }
        return HttpResponse(json.dumps(document), content_type=constants.SCIM_CONTENT_TYPE)

    def get_single(self, request):
        adapted = self.adapted(self.scim_adapter(self.get_object(), request=request))
        response = HttpResponse(
            json.dumps(adapted.to_dict()), content_type=constants.SCIM_CONTENT_TYPE
        )
        response["Location"] = adapted.location
        return response

    def adapted(self, adapter):
        return adapter


class UsersView(ResourceView, scim.UsersView):
    attr_map = USER_FILTERS
    scim_adapter_getter = staticmethod(lambda: UserAdapter)
    model_cls_getter = staticmethod(lambda: ProvisionedAccount)

    def queryset(self):
        return (
            ProvisionedAccount.objects.filter(user__erased_at__isnull=True)
            .select_related("user", "token")
            .prefetch_related("user__directory_groups")
        )


class GroupsView(ResourceView, scim.GroupsView):
    attr_map = GROUP_FILTERS
    scim_adapter_getter = staticmethod(lambda: GroupAdapter)
    model_cls_getter = staticmethod(lambda: DirectoryGroup)

    def queryset(self):
        groups = DirectoryGroup.objects.all()
        if not self.without_members():
            members = User.objects.filter(provisioned__isnull=False).select_related("provisioned")
            members = members.order_by("pk")
            groups = groups.prefetch_related(Prefetch("members", queryset=members))
        return groups

    def without_members(self) -> bool:
        excluded = self.request.GET.get("excludedAttributes", "")
        return "members" in [name.strip().lower() for name in excluded.split(",")]

    def adapted(self, adapter):
        adapter.without_members = self.without_members()
        return adapter


class ServiceProviderConfig(SCIMServiceProviderConfig):
    def to_dict(self):
        described = super().to_dict()
        described["filter"] = {"supported": True, "maxResults": MAX_RESULTS}
        described["changePassword"] = {"supported": False}
        described["bulk"] = {"supported": False, "maxOperations": 0, "maxPayloadSize": 0}
        return described


def base_location(request=None, *args, **kwargs) -> str:
    """Where the resources' `location`s start: this site, as the request reached it."""
    return request.build_absolute_uri("/")
