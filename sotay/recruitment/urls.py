from django.urls import path

from sotay.recruitment.views import classes

app_name = "recruitment"

urlpatterns: list = [
    path("classes/", classes.course_list, name="course-list"),
    path("classes/new/<int:unit_id>/", classes.course_create, name="course-create"),
    path("classes/<int:course_id>/", classes.course_detail, name="course-detail"),
    path("classes/<int:course_id>/edit/", classes.course_edit, name="course-edit"),
    path("classes/<int:course_id>/enroll/", classes.course_enroll, name="course-enroll"),
    path("classes/<int:course_id>/sessions/new/", classes.session_create, name="course-session-create"),
    path("classes/<int:course_id>/results/", classes.course_results, name="course-results"),
    path("classes/sessions/<int:session_id>/", classes.session_edit, name="course-session-edit"),
]
