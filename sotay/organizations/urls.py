from django.urls import path

from sotay.organizations import views

urlpatterns = [
    path("", views.tree, name="unit-tree"),
    path("<int:unit_id>/", views.detail, name="unit-detail"),
    path("<int:unit_id>/children/", views.children, name="unit-children"),
    path("<int:unit_id>/new/", views.create_child, name="unit-create"),
    path("<int:unit_id>/rename/", views.rename, name="unit-rename"),
    path("<int:unit_id>/move/", views.move, name="unit-move"),
    path("<int:unit_id>/merge/", views.merge, name="unit-merge"),
    path("<int:unit_id>/dissolve/", views.dissolve, name="unit-dissolve"),
    path("<int:unit_id>/special-area/", views.special_area, name="unit-special-area"),
]
