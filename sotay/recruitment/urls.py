from django.urls import path

from sotay.recruitment.views import cases, documents

app_name = "recruitment"

urlpatterns: list = [
    path("cases/<int:case_id>/forms/<slug:kind>.pdf", documents.case_form, name="case-form"),
    path("cases/", cases.board, name="case-board"),
    path("cases/mine/", cases.mine, name="case-mine"),
    path("cases/<int:case_id>/", cases.detail, name="case-detail"),
    path("cases/<int:case_id>/advance/", cases.advance, name="case-advance"),
    path("cases/<int:case_id>/move/", cases.move, name="case-move"),
    path("cases/<int:case_id>/attachments/<int:attachment_id>/", cases.attachment, name="case-attachment"),
    path("sources/<int:candidate_id>/open-case/", cases.open_case, name="case-open"),
]
