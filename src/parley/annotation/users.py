"""Annotator users: one real Label Studio account per annotator name, made the way a person joins.

Label Studio 1.23 (community edition) gives an administrator no API to set a user's password or read another
user's API token: `POST /api/users/` makes an account nobody can log in to, and `/api/current-user/token` answers
only for the user who asks. So a user is made the way an invited annotator joins: the administrator reads the
organisation's invitation link (`GET /api/invite`), and the new user signs up through it with the form a person
fills in (email `NAME@parley.local`, a generated password); Label Studio names the account after the email's local
part, so the username is NAME. Signed in, the user reads their own API token. Every annotation made with that
token is the user's own: the server sets `completed_by` to whoever sends it.

The generated password and token are written to a credentials file readable by its owner only (never printed, never
in argv): `submit --as NAME` uses the token, a person uses the password to log in as NAME in the browser.
"""

import json
import os
import re
import secrets
from dataclasses import asdict, dataclass, field
from pathlib import Path

import httpx

from parley.annotation.client import TIMEOUT_SECONDS, AnnotationClient, AnnotationServerError
from parley.reading import InputError, clip, parse_json

ANNOTATOR_DOMAIN = "parley.local"
"""Annotator users' emails are NAME@parley.local; such a user is named NAME (its username) everywhere."""
_NAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,62}")
_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


class UserError(Exception):
    """A name, user or credentials file that cannot be used (one line)."""


@dataclass(frozen=True)
class AnnotatorLogin:
    """One annotator user's login; the secrets stay out of its repr, so a logged or printed login leaks nothing."""

    name: str
    email: str
    password: str = field(repr=False)
    token: str = field(repr=False)


def annotator_email(name: str) -> str:
    return f"{name}@{ANNOTATOR_DOMAIN}"


def display_name(username: str | None, email: str | None) -> str:
    """How an annotation's author is named: NAME for an annotator user, else the email (the admin's, as before)."""
    if username and email == annotator_email(username):
        return username
    return str(email or username)


def check_name(name: str) -> None:
    """Raise UserError unless `name` can be an annotator's username (Label Studio lowercases the email)."""
    if not _NAME.fullmatch(name):
        raise UserError(
            f"{clip(name, 80)!r} cannot be an annotator name: use lowercase letters, digits, '.', '_' or '-' "
            "(at most 63, starting with a letter or digit)"
        )


def load_credentials(path: Path) -> dict[str, AnnotatorLogin]:
    """The logins in a credentials file written by `save_credentials` (none when it does not exist)."""
    if not path.exists():
        return {}
    try:
        loaded = parse_json(path.read_bytes())
        logins = {name: AnnotatorLogin(**fields) for name, fields in loaded.items()}
    except OSError as error:
        raise UserError(f"{path}: cannot read the credentials: {error.strerror or error}") from None
    except (InputError, AttributeError, TypeError):
        raise UserError(f"{path}: not a credentials file written by `parley annotate users`") from None
    return logins


def save_credentials(path: Path, logins: dict[str, AnnotatorLogin]) -> None:
    """Write the logins readable by the owner only, through a temporary file renamed into place."""
    text = json.dumps({name: asdict(login) for name, login in sorted(logins.items())}, indent=2) + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as handle:
            handle.write(text)
        temporary.replace(path)
    finally:
        temporary.unlink(missing_ok=True)


def sign_up(url: str, invite_token: str, email: str, password: str) -> str:
    """Sign up through the invitation link as a person does and return the new user's own API token."""
    shown = clip(url, 200)
    try:
        with httpx.Client(base_url=url, timeout=TIMEOUT_SECONDS, follow_redirects=True) as browser:
            page = browser.get("/user/signup/", params={"token": invite_token})
            csrf = _CSRF.search(page.text)
            if page.status_code != 200 or csrf is None:
                raise AnnotationServerError(f"{shown} did not show its sign-up form (HTTP {page.status_code})")
            form = {"csrfmiddlewaretoken": csrf.group(1), "email": email, "password": password}
            headers = {"Referer": f"{url}/user/signup/"}
            browser.post("/user/signup/", params={"token": invite_token}, data=form, headers=headers)
            answer = browser.get("/api/current-user/token")
            if answer.status_code != 200:
                raise AnnotationServerError(f"{shown} refused to sign up {email} (HTTP {answer.status_code})")
            token = answer.json().get("token")
    except (httpx.HTTPError, ValueError) as error:
        raise AnnotationServerError(f"cannot sign up {email} at {shown}: {type(error).__name__}") from None
    if not isinstance(token, str) or not token:
        raise AnnotationServerError(f"{shown} gave {email} no API token")
    return token


@dataclass
class UsersReport:
    created: list[str]
    present: list[str]


def ensure_users(admin: AnnotationClient, names: list[str], logins: dict[str, AnnotatorLogin]) -> UsersReport:
    """Make a user for every name the server lacks, adding its login to `logins`; a name already there must have
    a working login in `logins` (else UserError: its password cannot be recovered)."""
    for name in names:
        check_name(name)
    existing = {user["username"]: user for user in admin.users()}
    report = UsersReport([], [])
    for name in names:
        if name in existing:
            login = logins.get(name)
            if login is None:
                raise UserError(
                    f"user {name} already exists on {admin.shown_url} but the credentials file has no login for it"
                )
            if AnnotationClient(admin.url, login.token).whoami() != name:
                raise UserError(f"the credentials file's token for {name} is not {name}'s on {admin.shown_url}")
            report.present.append(name)
            continue
        email = annotator_email(name)
        if any(user["email"] == email for user in existing.values()):
            raise UserError(f"{email} is already the email of another user on {admin.shown_url}")
        password = secrets.token_urlsafe(18)
        token = sign_up(admin.url, admin.invite_token(), email, password)
        logins[name] = AnnotatorLogin(name, email, password, token)
        if AnnotationClient(admin.url, token).whoami() != name:
            raise UserError(f"{admin.shown_url} named the user signed up as {email} other than {name}")
        report.created.append(name)
    return report


def user_client(url: str, logins: dict[str, AnnotatorLogin], name: str) -> AnnotationClient:
    """A client acting as annotator `name` with its own token; UserError when there is no such login."""
    login = logins.get(name)
    if login is None:
        raise UserError(f"no login for annotator {clip(name, 80)!r} in the credentials file; run `annotate users`")
    client = AnnotationClient(url, login.token)
    if client.whoami() != name:
        raise UserError(f"the credentials file's token for {name} is not {name}'s on {client.shown_url}")
    return client
