"""WebSocket routes. The notification consumers land with the live-notifications issue."""

websocket_urlpatterns: list = []
