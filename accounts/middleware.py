from django.utils import timezone

from accounts.models import zone_or_sites


class TimeZoneMiddleware:
    """Show and read times in the signed-in person's time zone; the site's zone for others.

    Goes after AuthenticationMiddleware, which provides request.user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        with timezone.override(self.zone_for(request.user)):
            return self.get_response(request)

    @staticmethod
    def zone_for(user):
        """The person's zone, or None (the site's) when signed out or their zone is unknown.

        `override` puts the previous zone back afterwards, so one request's zone never leaks
        into the next thing the thread does (a test, a task run in process).
        """
        return zone_or_sites(user.time_zone) if user.is_authenticated else None
