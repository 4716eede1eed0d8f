app_name = "preparation"

urlpatterns = []
