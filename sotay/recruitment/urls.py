from django.urls import path

from sotay.recruitment.views import sources

app_name = "recruitment"

urlpatterns: list = [
    path("sources/", sources.source_list, name="source-list"),
    path("sources/new/<int:unit_id>/", sources.source_create, name="source-create"),
    path("sources/<int:source_id>/", sources.source_detail, name="source-detail"),
    path("sources/<int:source_id>/edit/", sources.source_edit, name="source-edit"),
    path("sources/<int:source_id>/drop/", sources.source_drop, name="source-drop"),
]
