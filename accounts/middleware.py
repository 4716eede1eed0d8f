import zoneinfo

from django.utils import timezone


class TimeZoneMiddleware:
    """Show and read times in the signed-in person's time zone; the site's zone for others.

    Goes after AuthenticationMiddleware, which provides request.user.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        try:
            if user.is_authenticated and user.time_zone:
                timezone.activate(zoneinfo.ZoneInfo(user.time_zone))
            else:
                timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            # A zone removed from a newer tz database: fall back rather than fail the request.
            timezone.deactivate()
        return self.get_response(request)
