from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from sotay.accounts import services
from sotay.accounts.forms import SignInForm, TokenForm
from sotay.core.access import PUBLIC, SIGNED_IN, requires
from sotay.core.forms import apply_service_errors
from sotay.core.permissions import UNITS_VIEW
from sotay.core.scoping import scope_paths


class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True
    sotay_access = PUBLIC


class SignOutView(auth_views.LogoutView):
    sotay_access = PUBLIC


@requires(SIGNED_IN)
def home(request):
    """Staff land on the unit tree; a member on their own record."""
    if scope_paths(request.user, UNITS_VIEW):
        return redirect("unit-tree")
    return redirect("my-record")


@requires(SIGNED_IN)
def my_record(request):
    if not request.user.member_id:
        raise Http404(_("This account is not linked to a member record."))
    return redirect("member-detail", member_id=request.user.member_id)


NEW_TOKEN_KEY = "sotay_new_token"  # noqa: S105 - the session key it is kept under, not a secret


@requires(SIGNED_IN)
@never_cache  # the page that shows a new token must not stay in the browser's cache
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


@requires(SIGNED_IN)
@require_POST
def token_revoke(request, token_id: int):
    token = get_object_or_404(request.user.api_tokens, pk=token_id)
    services.token_revoke(actor=request.user, token=token)
    messages.success(request, _("The token was revoked."))
    return redirect("tokens")
