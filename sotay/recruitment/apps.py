from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "sotay.recruitment"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.recruitment.models import AdmissionCase, AdmissionTarget, Candidate, Course, Enrollment

        for model in (Candidate, Course, Enrollment, AdmissionCase, AdmissionTarget):
            auditlog.register(model, exclude_fields=["name_key", "name_sort", "updated_at"])
