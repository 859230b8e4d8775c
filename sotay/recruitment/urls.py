from django.urls import path  # noqa: F401 - each area adds its pages here

app_name = "recruitment"

urlpatterns: list = []
