from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    name = "sotay.recruitment"

    def ready(self) -> None:
        from auditlog.registry import auditlog

        from sotay.organizations.signals import subtree_moved
        from sotay.recruitment.models import AdmissionCase, AdmissionTarget, Candidate, Course, Enrollment
        from sotay.recruitment.tallies import carry_subtree_tallies

        subtree_moved.connect(carry_subtree_tallies, dispatch_uid="recruitment-tallies-follow-moves")

        for model in (Candidate, Course, Enrollment, AdmissionCase, AdmissionTarget):
            auditlog.register(model, exclude_fields=["name_key", "name_sort", "updated_at"])
