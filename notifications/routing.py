"""WebSocket routes (served through config.asgi: origin check, then session authentication)."""

from django.urls import path, re_path

from .consumers import NotificationConsumer, UnknownPathConsumer

websocket_urlpatterns = [
    path("ws/notifications/", NotificationConsumer.as_asgi()),
    # Any other path is closed cleanly (code 4404), not a server error (outside test, #17.14).
    re_path(r"", UnknownPathConsumer.as_asgi()),
]
