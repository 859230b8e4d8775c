from django.urls import path

from sotay.recruitment.views import cases, classes, documents, progress, sources

app_name = "recruitment"

urlpatterns: list = [
    path("cases/<int:case_id>/forms/<slug:kind>.pdf", documents.case_form, name="case-form"),
    path("cases/", cases.board, name="case-board"),
    path("cases/mine/", cases.mine, name="case-mine"),
    path("cases/<int:case_id>/", cases.detail, name="case-detail"),
    path("cases/<int:case_id>/advance/", cases.advance, name="case-advance"),
    path("cases/<int:case_id>/move/", cases.move, name="case-move"),
    path("cases/<int:case_id>/responsible/", cases.change_responsible, name="case-responsible"),
    path("cases/<int:case_id>/attachments/<int:attachment_id>/", cases.attachment, name="case-attachment"),
    path("sources/<int:candidate_id>/open-case/", cases.open_case, name="case-open"),
    path("classes/", classes.course_list, name="course-list"),
    path("classes/new/<int:unit_id>/", classes.course_create, name="course-create"),
    path("classes/<int:course_id>/", classes.course_detail, name="course-detail"),
    path("classes/<int:course_id>/edit/", classes.course_edit, name="course-edit"),
    path("classes/<int:course_id>/enroll/", classes.course_enroll, name="course-enroll"),
    path("classes/<int:course_id>/sessions/new/", classes.session_create, name="course-session-create"),
    path("classes/<int:course_id>/results/", classes.course_results, name="course-results"),
    path("classes/sessions/<int:session_id>/", classes.session_edit, name="course-session-edit"),
    path("progress/", progress.progress, name="progress"),
    path("progress.xlsx", progress.progress_xlsx_download, name="progress-xlsx"),
    path("progress.pdf", progress.progress_pdf_download, name="progress-pdf"),
    path("targets/<int:unit_id>/", progress.targets, name="targets"),
    path("sources/", sources.source_list, name="source-list"),
    path("sources/new/<int:unit_id>/", sources.source_create, name="source-create"),
    path("sources/<int:source_id>/", sources.source_detail, name="source-detail"),
    path("sources/<int:source_id>/edit/", sources.source_edit, name="source-edit"),
    path("sources/<int:source_id>/drop/", sources.source_drop, name="source-drop"),
]
