from django.urls import path

from mentoring.meetings import views

app_name = "meetings"

MEETING = "mentorships/<int:pk>/meetings/<int:meeting_id>/"

urlpatterns = [
    path("mentorships/<int:pk>/meetings/", views.meetings, name="meetings"),
    path("mentorships/<int:pk>/meetings/new/", views.schedule, name="schedule"),
    path(MEETING, views.meeting, name="meeting"),
    path(f"{MEETING}reschedule/", views.reschedule, name="reschedule"),
    path(f"{MEETING}agenda/", views.save_agenda, name="save_agenda"),
    path(f"{MEETING}agenda/questions/add/", views.add_question, name="add_question"),
    path(
        f"{MEETING}agenda/questions/<int:question_id>/remove/",
        views.remove_question,
        name="remove_question",
    ),
    path(f"{MEETING}kick-starters/", views.meeting_kick_starters, name="meeting_kick_starters"),
    path(f"{MEETING}notes/", views.save_notes, name="save_notes"),
    path(f"{MEETING}held/", views.mark_held, name="mark_held"),
    path(f"{MEETING}cancel/", views.cancel, name="cancel"),
    path(f"{MEETING}meeting.ics", views.meeting_ics, name="meeting_ics"),
    path(f"{MEETING}reflection/", views.reflection, name="reflection"),
    path(f"{MEETING}reflection/share/", views.share_reflection, name="share_reflection"),
    path(f"{MEETING}reflection/unshare/", views.unshare_reflection, name="unshare_reflection"),
    path("kick-starters/", views.kick_starters, name="kick_starters"),
    path("calendar/", views.calendar_feed_settings, name="calendar"),
    path("calendar/renew/", views.renew_feed, name="renew_feed"),
    path("calendar/stop/", views.stop_feed, name="stop_feed"),
    path("calendar/feed/<str:token>.ics", views.feed, name="feed"),
]
