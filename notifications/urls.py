from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.centre, name="centre"),
    path("da-doc/", views.mark_all_read, name="mark_all_read"),
]
