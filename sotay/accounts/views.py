from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.messages.views import SuccessMessageMixin
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from sotay.accounts import services
from sotay.accounts.forms import CountedPasswordChangeForm, SignInForm, TokenForm
from sotay.accounts.roles import API_USE
from sotay.core.access import PUBLIC, SIGNED_IN, requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import UNITS_VIEW
from sotay.core.scoping import scope_paths


def landing_url(user) -> str:
    """Staff land on the unit tree; a member on the handbook (their notices)."""
    if scope_paths(user, UNITS_VIEW):
        return reverse("unit-tree")
    if user.member_id:
        return reverse("handbook:home")
    return reverse("my-record")  # which explains that the account has no record


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    sotay_access = PUBLIC

    def get_default_redirect_url(self):
        # Straight to the landing page: each redirect is a round trip, 0.4 s or more on a slow line.
        return landing_url(self.request.user)


class SignOutView(auth_views.LogoutView):
    sotay_access = PUBLIC

    def post(self, request, *args, **kwargs):
        """Signing out also empties what this site kept in the browser: the handbook's offline
        copies of the member's pages and its service worker (decision 0012: a shared office PC)."""
        response = super().post(request, *args, **kwargs)
        response["Clear-Site-Data"] = '"storage"'
        return response


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    """Every signed-in user, staff or member; the session stays signed in (Django's view updates it)."""

    template_name = "accounts/password_change.html"
    form_class = CountedPasswordChangeForm
    success_url = reverse_lazy("home")
    success_message = gettext_lazy("Your password was changed.")
    sotay_access = SIGNED_IN  # Django's view requires sign-in itself

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


@requires(SIGNED_IN)
def home(request):
    return redirect(landing_url(request.user))


@requires(SIGNED_IN)
def my_record(request):
    if not request.user.member_id:
        raise Http404(_("This account is not linked to a member record."))
    return redirect("member-detail", member_id=request.user.member_id)


NEW_TOKEN_KEY = "sotay_new_token"  # noqa: S105 - the session key it is kept under, not a secret


@requires(API_USE)
def tokens(request):
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with apply_service_errors(form):
            _token, raw = services.token_issue(actor=request.user, name=form.cleaned_data["name"])
            # Shown once, on the page the redirect leads to, so reloading it issues no second token;
            # the user's own session holds it only until that page takes it out.
            request.session[NEW_TOKEN_KEY] = raw
            return redirect("tokens")
    raw = request.session.pop(NEW_TOKEN_KEY, None) if request.method == "GET" else None
    own_tokens = request.user.api_tokens.order_by("-created_at")
    return render(request, "accounts/tokens.html", {"form": form, "raw": raw, "tokens": own_tokens})


@requires(API_USE)
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(request.user.api_tokens, pk=token_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("tokens")
