from django.urls import path

from sotay.handbook import views, views_library, views_meetings, views_pwa

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
    # The document library and draft resolutions (views_library).
    path("documents/", views_library.document_list, name="document-list"),
    path("documents/new/", views_library.document_choose_unit, name="document-choose-unit"),
    path("documents/new/<int:unit_id>/", views_library.document_create, name="document-create"),
    path("documents/<int:document_id>/", views_library.document_detail, name="document-detail"),
    path("documents/<int:document_id>/files/<int:file_id>/", views_library.document_file, name="document-file"),
    path("drafts/", views_library.draft_list, name="draft-list"),
    path("drafts/new/", views_library.draft_choose_unit, name="draft-choose-unit"),
    path("drafts/new/<int:unit_id>/", views_library.draft_create, name="draft-create"),
    path("drafts/<int:draft_id>/", views_library.draft_detail, name="draft-detail"),
    path("drafts/<int:draft_id>/comments/", views_library.draft_comment, name="draft-comment"),
    path("drafts/<int:draft_id>/comments/<int:comment_id>/edit/", views_library.comment_edit, name="comment-edit"),
    path("drafts/<int:draft_id>/manage/", views_library.draft_manage, name="draft-manage"),
    path(
        "drafts/<int:draft_id>/comments/<int:comment_id>/outcome/",
        views_library.comment_outcome,
        name="comment-outcome",
    ),
    path("drafts/<int:draft_id>/final/", views_library.draft_finalize, name="draft-finalize"),
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
