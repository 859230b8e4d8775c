"""Sign-in with a member's phone or card number (staff sign in with their username)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from sotay.accounts.selectors import identifier_ambiguous, users_with_identifier


class PhoneOrCardBackend(ModelBackend):
    """The account of the one member on the rolls with this phone or card number.

    It comes after axes's backend in AUTHENTICATION_BACKENDS, so the lockout of a (typed name,
    address) pair applies to phone and card numbers as to usernames. A phone two members share
    signs neither in (the form says why); the password is still hashed, so the answer takes as long.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if not username or not password or len(username) > 40:
            return None
        users = [] if identifier_ambiguous(username) else users_with_identifier(username)
        if len(users) != 1:
            get_user_model()().set_password(password)  # as long as a real check takes
            return None
        user = users[0]
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
