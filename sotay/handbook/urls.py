from django.urls import path

from sotay.handbook import views, views_meetings

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
    path("meetings/", views_meetings.meeting_list, name="meetings"),
    path("meetings/<int:meeting_id>/", views_meetings.meeting_detail, name="meeting-detail"),
    path("meetings/<int:meeting_id>/files/<int:material_id>/", views_meetings.material, name="meeting-material"),
    path("meetings/<int:meeting_id>/check-in/", views_meetings.check_in, name="meeting-check-in"),
    path("meetings/<int:meeting_id>/contribute/", views_meetings.contribute, name="meeting-contribute"),
    path("meetings/new/<int:unit_id>/", views_meetings.meeting_create, name="meeting-create"),
    path("meetings/<int:meeting_id>/edit/", views_meetings.meeting_edit, name="meeting-edit"),
    path("meetings/<int:meeting_id>/publish/", views_meetings.meeting_publish, name="meeting-publish"),
    path("meetings/<int:meeting_id>/attendance/", views_meetings.attendance, name="meeting-attendance"),
    path("meetings/<int:meeting_id>/minutes/", views_meetings.minutes, name="meeting-minutes"),
    path("meetings/<int:meeting_id>/qr/", views_meetings.qr, name="meeting-qr"),
    path("meetings/report/", views_meetings.report_start, name="meeting-report-start"),
    path("meetings/report/<int:unit_id>/", views_meetings.report, name="meeting-report"),
]
