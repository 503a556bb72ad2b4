urlpatterns: list = []  # accounts: registration, e-mail verification (portal.accounts)
