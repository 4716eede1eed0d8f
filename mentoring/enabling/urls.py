app_name = "enabling"

urlpatterns = []
