from django.contrib import admin
from django.urls import include, path

from sotay.api.api import api

urlpatterns = [
    path("", include("sotay.accounts.urls")),
    path("units/", include("sotay.organizations.urls")),
    path("members/", include("sotay.members.urls")),
    path("recruitment/", include("sotay.recruitment.urls")),
    path("handbook/", include("sotay.handbook.urls")),
    path("api/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
