from django.urls import path

from sotay.members import views

urlpatterns = [
    path("", views.member_list, name="member-list"),
    path("new/<int:unit_id>/", views.create, name="member-create"),
    path("<int:member_id>/", views.detail, name="member-detail"),
    path("<int:member_id>/edit/", views.edit, name="member-edit"),
    path("<int:member_id>/status/", views.change_status, name="member-status"),
    path("<int:member_id>/transfer/", views.transfer, name="member-transfer"),
]
