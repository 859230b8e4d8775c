"""Id → object for the signed-in user, or 404."""

from django.http import Http404
from django.utils.translation import gettext as _

from sotay.accounts.models import SignIn


def access_own_sign_in(user, sign_in_id: int) -> SignIn:
    """One of the user's own browsers still signed in; anyone else's is a 404."""
    row = SignIn.objects.filter(pk=sign_in_id, user=user, ended_at=None).first()
    if row is None:
        raise Http404(_("No such sign-in."))
    return row
