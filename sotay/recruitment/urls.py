from django.urls import path

from sotay.recruitment.views import documents

app_name = "recruitment"

urlpatterns: list = [
    path("cases/<int:case_id>/forms/<slug:kind>.pdf", documents.case_form, name="case-form"),
]
