"""cchc.accounts: roles, salted argon2id hashes, name/role/password checks, who may write."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cchc import accounts
from cchc.accounts import AccountError


def test_roles_and_who_may_write():
    assert accounts.ROLES == ("viewer", "editor", "admin")
    assert [accounts.can_write(r) for r in accounts.ROLES] == [False, True, True]
    assert not accounts.can_write(None) and not accounts.can_write("Admin") and not accounts.can_write("")


def test_hashes_are_argon2id_salted_and_verify():
    one, two = accounts.hash_password("correct horse"), accounts.hash_password("correct horse")
    assert one.startswith("$argon2id$") and two.startswith("$argon2id$")
    assert one != two  # a random salt each time
    assert "correct horse" not in one
    assert accounts.verify_password(one, "correct horse") and accounts.verify_password(two, "correct horse")
    assert not accounts.verify_password(one, "correct horsE")
    assert not accounts.verify_password(one, "")


@pytest.mark.parametrize("digest", ["", "plain text", "$argon2id$v=19$m=1,t=1,p=1$broken", None])
def test_a_malformed_hash_never_verifies_and_never_raises(digest):
    assert accounts.verify_password(digest, "whatever password") is False


def test_passwords_too_short_or_with_nul_are_refused():
    with pytest.raises(AccountError, match="at least 8 characters"):
        accounts.hash_password("short")
    with pytest.raises(AccountError, match="NUL"):
        accounts.hash_password("long enough\x00")
    assert accounts.check_password("mật khẩu!") == "mật khẩu!"


@pytest.mark.parametrize("name", ["lan", "lan.nguyen", "editor-2", "a", "x" * 64, "so_noi_vu"])
def test_valid_names(name):
    assert accounts.check_name(name) == name


@pytest.mark.parametrize("name", ["", "Lan", "../x", "/etc", "a/b", "a\x00", ".hidden", "-x", "x" * 65, "lan ",
                                  "lan\n", None, 7])
def test_invalid_names_are_refused_with_a_sentence(name):
    with pytest.raises(AccountError, match="is not a valid user name"):
        accounts.check_name(name)


@pytest.mark.parametrize("role", ["root", "Editor", "", None])
def test_unknown_roles_are_refused(role):
    with pytest.raises(AccountError, match="unknown role .*; roles: viewer, editor, admin"):
        accounts.check_role(role)


def test_actors_are_names_or_emails_on_one_line():
    assert accounts.check_actor("lan") == "lan" and accounts.check_actor(" lan@snv.gov.vn ") == "lan@snv.gov.vn"
    for bad in ["", "   ", "a\nb", "a\rb", "x" * 255, None]:
        with pytest.raises(AccountError, match="does not name who acted"):
            accounts.check_actor(bad)


def test_login_gives_the_role_only_for_the_right_password():
    book = {"lan": {"role": "editor", "hash": accounts.hash_password("mật khẩu dài")},
            "odd": {"role": "superuser", "hash": accounts.hash_password("mật khẩu dài")}}
    assert accounts.login(book, "lan", "mật khẩu dài") == "editor"
    assert accounts.login(book, "lan", "wrong password") is None
    assert accounts.login(book, "nobody", "mật khẩu dài") is None
    assert accounts.login(book, "odd", "mật khẩu dài") is None  # a role the app does not know grants nothing


@settings(max_examples=60, deadline=None, database=None)  # no .hypothesis/ folder in the repository
@given(st.text(max_size=80))
def test_any_text_is_either_a_safe_name_or_refused(text):
    try:
        name = accounts.check_name(text)
    except AccountError:
        return
    assert "/" not in name and "\x00" not in name and not name.startswith(".") and name == name.strip()
