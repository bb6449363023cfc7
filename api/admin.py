"""API keys are managed in the portal (/api-sleutels/), not in the admin: the library's own
admin page for its unused model is taken away."""

from django.contrib import admin
from rest_framework_api_key.models import APIKey

if admin.site.is_registered(APIKey):
    admin.site.unregister(APIKey)
