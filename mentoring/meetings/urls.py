from django.urls import path

from mentoring.meetings.views import calendars, kick_starters, meetings, reflections

app_name = "meetings"

MEETING = "mentorships/<int:pk>/meetings/<int:meeting_id>/"

urlpatterns = [
    path("mentorships/<int:pk>/meetings/", meetings.meetings, name="meetings"),
    path("mentorships/<int:pk>/meetings/new/", meetings.schedule, name="schedule"),
    path("mentorships/<int:pk>/meetings/log/", meetings.log_meeting, name="log_meeting"),
    path(MEETING, meetings.meeting, name="meeting"),
    path(f"{MEETING}reschedule/", meetings.reschedule, name="reschedule"),
    path(f"{MEETING}agenda/", meetings.save_agenda, name="save_agenda"),
    path(f"{MEETING}agenda/questions/add/", kick_starters.add_question, name="add_question"),
    path(
        f"{MEETING}agenda/questions/<int:question_id>/remove/",
        kick_starters.remove_question,
        name="remove_question",
    ),
    path(
        f"{MEETING}kick-starters/",
        kick_starters.meeting_kick_starters,
        name="meeting_kick_starters",
    ),
    path(f"{MEETING}notes/", meetings.save_notes, name="save_notes"),
    path(f"{MEETING}held/", meetings.mark_held, name="mark_held"),
    path(f"{MEETING}cancel/", meetings.cancel, name="cancel"),
    path(f"{MEETING}meeting.ics", calendars.meeting_ics, name="meeting_ics"),
    path(f"{MEETING}reflection/", reflections.reflection, name="reflection"),
    path(f"{MEETING}reflection/share/", reflections.share_reflection, name="share_reflection"),
    path(
        f"{MEETING}reflection/unshare/", reflections.unshare_reflection, name="unshare_reflection"
    ),
    path("kick-starters/", kick_starters.kick_starters, name="kick_starters"),
    path("calendar/", calendars.calendar_feed_settings, name="calendar"),
    path("calendar/renew/", calendars.renew_feed, name="renew_feed"),
    path("calendar/stop/", calendars.stop_feed, name="stop_feed"),
    path("calendar/feed/<str:token>.ics", calendars.feed, name="feed"),
]
