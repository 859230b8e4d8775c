from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.contrib.auth.password_validation import password_validators_help_text_html
from django.utils.translation import gettext_lazy as _

from sotay.accounts.selectors import identifier_ambiguous
from sotay.accounts.services.sessions import ambiguous_message
from sotay.core.validators import reject_control_characters


class SignInForm(AuthenticationForm):
    """Staff sign in with their username; members with their phone or card number."""

    error_messages = {
        "invalid_login": _(
            "The username, phone or card number, or the password is wrong. Passwords are case-sensitive."
        ),
        "inactive": _("This account is disabled."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].max_length = 150

    def get_invalid_login_error(self):
        username = self.cleaned_data.get("username") or ""
        if identifier_ambiguous(username):
            return forms.ValidationError(ambiguous_message(), code="ambiguous")
        return super().get_invalid_login_error()


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("What the token is for, such as the program that will use it."),
    )


class CountedPasswordChangeForm(PasswordChangeForm):
    """The old password is checked the way sign-in checks it, so django-axes counts wrong guesses
    and locks out (username + address) whoever keeps guessing at a signed-in PC left unattended.
    Once locked out, even the right password is refused and the lockout page answers instead."""

    def __init__(self, user, *args, request, **kwargs):
        self.request = request
        super().__init__(user, *args, **kwargs)

    def clean_old_password(self):
        old_password = self.cleaned_data["old_password"]
        checked = authenticate(self.request, username=self.user.get_username(), password=old_password)
        if checked is None or checked.pk != self.user.pk:
            raise forms.ValidationError(self.error_messages["password_incorrect"], code="password_incorrect")
        return old_password


class ActivateForm(forms.Form):
    code = forms.CharField(
        label=_("Activation code"),
        max_length=20,
        validators=[reject_control_characters],
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )
    identifier = forms.CharField(
        label=_("Phone or card number"),
        max_length=40,
        validators=[reject_control_characters],
        help_text=_("As your cell has it on your record."),
        widget=forms.TextInput(attrs={"autocomplete": "username", "inputmode": "text"}),
    )
    password = forms.CharField(
        label=_("New password"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validators_help_text_html(),
    )
    password_again = forms.CharField(
        label=_("New password again"),
        max_length=128,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean(self):
        data = super().clean()
        if data.get("password") and data.get("password_again") and data["password"] != data["password_again"]:
            self.add_error("password_again", _("The two passwords differ."))
        return data


class RolloutForm(forms.Form):
    on = forms.TypedChoiceField(
        label=_("Handbook"),
        choices=[("1", _("Switch on")), ("0", _("Switch off"))],
        coerce=lambda value: value == "1",
    )


class IssueForm(forms.Form):
    member = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1, widget=forms.HiddenInput)
