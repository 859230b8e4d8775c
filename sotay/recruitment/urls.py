from django.urls import path

from sotay.recruitment.views import progress

app_name = "recruitment"

urlpatterns: list = [
    path("progress/", progress.progress, name="progress"),
    path("progress.xlsx", progress.progress_xlsx_download, name="progress-xlsx"),
    path("progress.pdf", progress.progress_pdf_download, name="progress-pdf"),
    path("targets/<int:unit_id>/", progress.targets, name="targets"),
]
