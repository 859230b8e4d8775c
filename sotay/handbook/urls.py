from django.urls import path

from sotay.handbook import views, views_pwa

app_name = "handbook"

urlpatterns: list = [
    path("", views.home, name="home"),
    path("notices/<int:notice_id>/", views.notice_detail, name="notice-detail"),
    path("notices/<int:notice_id>/files/<int:attachment_id>/", views.attachment, name="notice-attachment"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.choose_unit, name="notice-choose-unit"),
    path("manage/new/<int:unit_id>/", views.notice_create, name="notice-create"),
    path("manage/<int:notice_id>/edit/", views.notice_edit, name="notice-edit"),
    path("manage/<int:notice_id>/withdraw/", views.notice_withdraw, name="notice-withdraw"),
    # The installable app (views_pwa.py): its manifest, its service worker (scope /handbook/), offline.
    path("manifest.webmanifest", views_pwa.manifest, name="manifest"),
    path("sw.js", views_pwa.service_worker, name="service-worker"),
    path("offline/", views_pwa.offline, name="offline"),
]
