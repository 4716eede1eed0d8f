app_name = "enrolment"

urlpatterns = []
