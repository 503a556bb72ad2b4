"""The project's ASGI application, serving its static files too, for tests/e2e/test_live.py.

config.asgi serves static files only with DEBUG (test settings have it off; in production the
reverse proxy serves them); the browser needs static/js/live.js from the daphne under test."""

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler

from config.asgi import application as project_application

# Only HTTP requests under STATIC_URL are served here; everything else (pages, WebSockets) goes
# to the project's application unchanged.
application = ASGIStaticFilesHandler(project_application)
