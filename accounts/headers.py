"""Response headers every page and download carries (issue #8, item 3).

Content-Security-Policy comes from django-csp, nosniff / referrer policy / HSTS from Django's
SecurityMiddleware, X-Frame-Options from XFrameOptionsMiddleware; this adds what none of them does.
"""

from django.utils.cache import patch_cache_control


class NoStoreMiddleware:
    """Cache-Control: no-store on every response Django produces (merged into any Cache-Control
    a view set: a download's "private, no-store" stays as it is).

    Stricter than "pages with personal data" on purpose: signed-in pages, every download, and
    anonymous pages too (the look-up by tracking code and the access-code page show a person's
    request), and a per-view list would miss the next view. Static files do not pass through here
    (the reverse proxy serves them in production), so nothing cacheable is lost.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        patch_cache_control(response, no_store=True)
        return response
