"""Citizen accounts: registration, e-mail verification, a new link on request, and the sign-in
backend that lets the login page tell an unverified citizen to open that link.

A registered account stays inactive until its address is verified. The link carries a signed,
timestamped token (django.core.signing) naming the account and a digest of its address; it expires
after ACCOUNT_VERIFICATION_DAYS days (default 3) and can only activate an account that is still
waiting for verification: never signed in, username equal to its lowercased address. An account
an administrator deactivated after use can therefore never reactivate itself by e-mail."""

import logging
from datetime import timedelta
from functools import wraps

from axes.backends import AxesStandaloneBackend
from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model, login, password_validation
from django.contrib.auth.backends import ModelBackend
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from .ratelimit import ratelimit

log = logging.getLogger(__name__)

SALT = "portal.accounts.verify"
HONEYPOT = "website"
TEMPLATES = "portal/accounts/"


def get_language_code() -> str:
    """The page's language if it is one of the site's, else the default (Vietnamese)."""
    code = get_language()
    return code if code in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def verification_days() -> int:
    return int(getattr(settings, "ACCOUNT_VERIFICATION_DAYS", 3))


def limited(scope: str):
    """portal.ratelimit with the limit read at each request (PORTAL_ACCOUNT_LIMIT, default 10 per
    hour per address), so operators and tests can change it."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            most = int(getattr(settings, "PORTAL_ACCOUNT_LIMIT", 10))
            return ratelimit(scope, limit=most, window=3600)(view)(request, *args, **kwargs)

        return wrapper

    return decorator


def after_verification_url() -> str:
    try:
        return reverse("portal:my_requests")
    except NoReverseMatch:
        return "/"


def address_digest(user) -> str:
    return salted_hmac(SALT, (user.email or "").lower()).hexdigest()[:16]


def verification_token(user) -> str:
    return signing.dumps([user.pk, address_digest(user)], salt=SALT)


def awaiting_verification(user) -> bool:
    return (
        not user.is_active
        and user.last_login is None
        and bool(user.email)
        and user.get_username() == user.email.lower()
    )


def user_from_token(token: str):
    """The account a token names; raises SignatureExpired or BadSignature."""
    pk, digest = signing.loads(token, salt=SALT, max_age=timedelta(days=verification_days()))
    user = get_user_model()._default_manager.filter(pk=pk).first()
    if user is None or not constant_time_compare(digest, address_digest(user)):
        raise signing.BadSignature("no such account")
    return user


def send_verification(request, user) -> bool:
    """E-mail the verification link (text and HTML); False when the mail could not be sent."""
    path = reverse("portal:verify", kwargs={"token": verification_token(user)})
    context = {"user": user, "link": request.build_absolute_uri(path), "days": verification_days()}
    return mail_account(request, user, "verify", context, html=True)


def mail_account(request, user, name: str, context: dict, *, html: bool = False) -> bool:
    """E-mail the account's owner the templates email/<name>_subject.txt, _body.txt (and
    _body.html); False when the mail could not be sent (logged, never a server error)."""
    render = lambda part: render_to_string(f"{TEMPLATES}email/{name}_{part}", context, request)  # noqa: E731
    try:
        send_mail(
            " ".join(render("subject.txt").split()),
            render("body.txt"),
            None,
            [user.email],
            html_message=render("body.html") if html else None,
        )
    except Exception:
        log.exception("%s e-mail to account %s not sent", name, user.pk)
        return False
    return True


class EmailVerificationBackend(AxesStandaloneBackend, ModelBackend):
    """ModelBackend that also accepts the address typed in any case (a citizen's username is the
    lowercased address) and, when the password is right, returns an inactive account too, so that
    AuthenticationForm.confirm_login_allowed refuses it with its "inactive" error (the login page
    turns that into "verify your e-mail"). get_user() stays ModelBackend's: an inactive account
    never holds a session, whoever calls login().

    Before anything else, django-axes' check (accounts/lockout.py): a locked account or address
    gets PermissionDenied, even with the right password. Calls without a request (the test
    client's login(), management commands) are not sign-ins from the web and skip it."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        model = get_user_model()
        if username is None:
            username = kwargs.get(model.USERNAME_FIELD)
        if username is None or password is None:
            return None
        if request is not None:
            AxesStandaloneBackend.authenticate(self, request, username, password)
        user = self.find(model, username)
        if user is None:
            model().set_password(password)  # same work as a real check: no timing difference
            return None
        return user if user.check_password(password) else None

    @staticmethod
    def find(model, username: str):
        candidates = [username]
        if "@" in username and username.strip().lower() != username:
            candidates.append(username.strip().lower())
        for candidate in candidates:
            try:
                return model._default_manager.get_by_natural_key(candidate)
            except model.DoesNotExist:
                continue
        return None


class RegistrationForm(forms.Form):
    full_name = forms.CharField(
        label=gettext_lazy("Full name"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
        help_text=gettext_lazy("As written on your identity document."),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=150,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("We send a link to this address to verify it. You sign in with it."),
    )
    password1 = forms.CharField(
        label=gettext_lazy("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Type the same password again, to be sure of it."),
    )
    # Left empty by people; filled by robots. Hidden from sight, keyboard and screen readers.
    website = forms.CharField(
        label=gettext_lazy("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password1"].help_text = " ".join(
            password_validation.password_validators_help_texts()
        )

    def clean_full_name(self) -> str:
        return " ".join(self.cleaned_data["full_name"].split())

    def clean_email(self) -> str:
        return get_user_model().objects.normalize_email(self.cleaned_data["email"].strip())

    def clean(self):
        cleaned = super().clean()
        first, second = cleaned.get("password1"), cleaned.get("password2")
        if first and second and first != second:
            self.add_error("password2", ValidationError(_("The two passwords differ."), "mismatch"))
        elif first:
            email = cleaned.get("email", "")
            candidate = get_user_model()(
                username=email.lower(), email=email, full_name=cleaned.get("full_name", "")
            )
            try:
                password_validation.validate_password(first, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ResendForm(forms.Form):
    email = forms.EmailField(
        label=gettext_lazy("E-mail address"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        help_text=gettext_lazy("The address you registered with."),
    )


@limited("register")
def register(request):
    if request.user.is_authenticated:
        return redirect(after_verification_url())
    if request.method == "POST" and request.POST.get(HONEYPOT, "").strip():
        log.info("registration honeypot filled; nothing created")
        return redirect("portal:register_done")
    form = RegistrationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # The same answer whether the address has an account or not (outside test, #17.8):
        # the page never says which addresses are registered; the owner is told by e-mail.
        data = form.cleaned_data
        existing = existing_account(data["email"])
        if existing is not None:
            send_account_exists(request, existing)
            return redirect("portal:register_done")
        try:
            with transaction.atomic():
                user = get_user_model().objects.create_user(
                    username=data["email"].lower(),
                    email=data["email"],
                    password=data["password1"],
                    full_name=data["full_name"],
                    is_active=False,
                    # The language the page was in: the citizen's e-mails will be in it.
                    language=get_language_code(),
                )
        except IntegrityError:  # the same address registered a moment ago
            return redirect("portal:register_done")
        if not send_verification(request, user):
            text = _("We could not send the e-mail now. Ask for a new link in a few minutes.")
            messages.warning(request, text)
        return redirect("portal:register_done")
    return render(request, TEMPLATES + "register.html", {"form": form})


def existing_account(email: str):
    users = get_user_model()._default_manager
    return users.filter(Q(email__iexact=email) | Q(username__iexact=email)).first()


def send_account_exists(request, user) -> None:
    """Tell the address's owner that someone tried to register it, with the ways back in."""
    if not user.email:
        return  # an officer's account by username only: nobody to tell
    context = {
        "user": user,
        "login": request.build_absolute_uri(reverse("login")),
        "reset": request.build_absolute_uri(reverse("password_reset")),
        "resend": request.build_absolute_uri(reverse("portal:resend")),
    }
    mail_account(request, user, "exists", context)


def register_done(request):
    return render(request, TEMPLATES + "register_done.html", {"days": verification_days()})


def verify(request, token: str):
    """The link's page asks for a click (POST): opening a link, by a person or by a mail
    scanner, changes nothing and signs nobody in. A link sent to someone else would otherwise
    have signed them into the sender's account by GET (outside test, #17.12)."""
    try:
        user = user_from_token(token)
    except signing.SignatureExpired:
        return link_failed(request, expired=True)
    except (signing.BadSignature, ValueError, TypeError):
        return link_failed(request, expired=False)
    if user.is_active:
        if request.user.is_authenticated and request.user.pk == user.pk:
            return redirect(after_verification_url())
        messages.info(request, _("Your e-mail address is already verified. Please sign in."))
        return redirect("login")
    if not awaiting_verification(user):
        return link_failed(request, expired=False)
    if request.method != "POST":
        return render(request, TEMPLATES + "verify_confirm.html", {"email": user.email})
    user.is_active = True
    user.save(update_fields=["is_active"])
    login(request, user, backend="portal.accounts.EmailVerificationBackend")
    messages.success(request, _("Your e-mail address is verified and your account is active."))
    return redirect(after_verification_url())


def link_failed(request, *, expired: bool):
    context = {"expired": expired, "days": verification_days()}
    return render(request, TEMPLATES + "verify_failed.html", context, status=400)


@limited("resend")
def resend(request):
    """Always the same answer, whether an account waits for this address or not."""
    form = ResendForm(request.POST or None, initial={"email": request.GET.get("email", "")[:254]})
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"].strip()
        users = get_user_model()._default_manager.filter(
            email__iexact=email, is_active=False, last_login__isnull=True
        )
        for user in users[:5]:
            if awaiting_verification(user):
                send_verification(request, user)
        return redirect("portal:resend_done")
    return render(request, TEMPLATES + "resend.html", {"form": form})


def resend_done(request):
    return render(request, TEMPLATES + "resend_done.html", {"days": verification_days()})
