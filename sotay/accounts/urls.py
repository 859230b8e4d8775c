from django.urls import path

from sotay.accounts import views, views_handbook

urlpatterns = [
    path("", views.home, name="home"),
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", views.SignOutView.as_view(), name="logout"),
    path("me/", views.my_record, name="my-record"),
    path("account/password/", views.PasswordChangeView.as_view(), name="password-change"),
    path("account/tokens/", views.tokens, name="tokens"),
    path("account/tokens/<int:token_id>/revoke/", views.token_revoke, name="token-revoke"),
    path("activate/", views_handbook.activate, name="activate"),
    path("account/sessions/", views_handbook.sign_ins, name="sessions"),
    path("account/sessions/<int:sign_in_id>/end/", views_handbook.sign_in_end, name="session-end"),
    path("account/sessions/end-others/", views_handbook.sign_ins_end_others, name="sessions-end-others"),
    path("handbook-rollout/", views_handbook.rollout_list, name="rollout"),
    path("handbook-rollout/<int:unit_id>/", views_handbook.rollout_unit, name="rollout-unit"),
    path("activation/<int:unit_id>/", views_handbook.activation_codes, name="activation-codes"),
    path("activation/<int:unit_id>/sheet/", views_handbook.activation_sheet, name="activation-sheet"),
]
