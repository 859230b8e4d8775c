from django.urls import path

from sotay.handbook import views

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
]
