"""The annotator credentials file and names, without a server."""

import stat
from pathlib import Path

import pytest

from parley.annotation.users import (
    AnnotatorLogin,
    UserError,
    check_name,
    display_name,
    load_credentials,
    save_credentials,
)


def test_credentials_are_written_owner_only_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "logins.json"
    logins = {"parley-i1": AnnotatorLogin("parley-i1", "parley-i1@parley.local", "pw-1", "token-1")}
    save_credentials(path, logins)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert load_credentials(path) == logins
    assert load_credentials(tmp_path / "missing.json") == {}
    assert [p.name for p in tmp_path.iterdir()] == ["logins.json"], "no temporary file is left behind"


@pytest.mark.parametrize("text", ["not json", "[1, 2]", '{"parley-i1": {"name": "parley-i1"}}'])
def test_a_file_that_is_not_a_credentials_file_is_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "logins.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError, match="not a credentials file written by `parley annotate users`") as caught:
        load_credentials(path)
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("name", ["Parley", "", "-x", "a b", "a/b", "x" * 64])
def test_names_that_cannot_be_usernames_are_refused(name: str) -> None:
    with pytest.raises(UserError, match="cannot be an annotator name"):
        check_name(name)


def test_annotator_users_are_named_by_username_and_others_by_email() -> None:
    assert display_name("parley-i1", "parley-i1@parley.local") == "parley-i1"
    assert display_name("admin@parley.local", "admin@parley.local") == "admin@parley.local"
    assert display_name("bo", "bo@parley.test") == "bo@parley.test"
