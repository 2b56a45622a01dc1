from allauth.account.forms import LoginForm


class SignInForm(LoginForm):
    """allauth's sign-in form with GOV.UK wording and messages."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        login = self.fields["login"]
        login.label = "E-mail address"
        login.widget.attrs.update({"autocomplete": "email", "spellcheck": "false"})
        login.widget.attrs.pop("placeholder", None)
        login.error_messages["required"] = "Enter your e-mail address"
        password = self.fields["password"]
        password.label = "Password"
        # allauth puts a "forgotten password" link in the hint; the page has its own link.
        password.help_text = ""
        password.widget.attrs.update({"autocomplete": "current-password"})
        password.widget.attrs.pop("placeholder", None)
        password.error_messages["required"] = "Enter your password"
