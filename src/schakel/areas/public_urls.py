"""Public pages for residents (no log-in): placeholder until the area approach builds them."""

urlpatterns: list = []
