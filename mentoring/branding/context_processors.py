from django.utils.functional import SimpleLazyObject

from mentoring.branding.models import Branding


def branding(request):
    """`branding` in every template: the organisation name, logo and colour.

    Read when a template first uses it (an htmx fragment usually does not), and once per
    request however many templates the request renders: in production every cache read is a
    query on the shared cache table.
    """
    if not hasattr(request, "_branding"):
        request._branding = SimpleLazyObject(Branding.current)
    return {"branding": request._branding}
