"""Who is using the dashboard, and what they may do.

Two ways to log in, both optional:

- **OIDC** (Streamlit's ``st.login``), when ``[auth]`` is configured in
  ``.streamlit/secrets.toml``. Roles come from ``[cchc.roles]``: a role name
  mapped to a list of e-mail addresses (``editor = ["a@x.vn"]``); anyone else
  who logs in is a viewer.
- **Local accounts** for offline government servers, managed with
  ``python -m cchc users add|remove|list`` (salted argon2 hashes in the
  archive's ``users.yaml``); the login form appears when accounts exist. A
  local login lasts for the browser session.

Viewing is open unless ``CCHC_REQUIRE_LOGIN=1`` or ``[cchc] require_login = true``.
Importing and rolling back need the ``editor`` or ``admin`` role. With nothing
configured the app is read-only for everyone.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from typing import Any

import streamlit as st

from cchc.accounts import can_write
from ui import data
from ui.text import t

LOG = logging.getLogger("cchc.auth")
USER_KEY = "_local_user"


@dataclass(frozen=True)
class User:
    name: str
    role: str
    via: str  # "oidc" or "local"

    @property
    def can_write(self) -> bool:
        return can_write(self.role)


def _secrets(section: str) -> dict[str, Any]:
    """A section of secrets.toml as a plain dict (empty when there is no secrets file)."""
    try:
        return dict(st.secrets.get(section, {}))
    except (FileNotFoundError, OSError, ValueError):
        return {}
    except Exception:  # a malformed secrets.toml must not take the dashboard down
        LOG.exception("secrets.toml could not be read")
        return {}


def oidc_configured() -> bool:
    return bool(_secrets("auth"))


def local_accounts() -> bool:
    return bool(data.archive().users())


def require_login() -> bool:
    flag = os.environ.get("CCHC_REQUIRE_LOGIN", "") or str(_secrets("cchc").get("require_login", ""))
    return flag.strip().lower() in ("1", "true", "yes")


def _oidc_role(email: str) -> str:
    roles = dict(_secrets("cchc").get("roles", {}))
    for role in ("admin", "editor", "viewer"):
        if email.lower() in {str(e).lower() for e in roles.get(role, [])}:
            return role
    return "viewer"


def current_user() -> User | None:
    """The logged-in user, by OIDC or a local account; None when nobody is logged in."""
    if oidc_configured() and st.user.is_logged_in:
        email = str(st.user.get("email") or st.user.get("sub") or "")
        return User(name=str(st.user.get("name") or email), role=_oidc_role(email), via="oidc")
    local = st.session_state.get(USER_KEY)
    return User(**local) if local else None


def _local_login(name: str, password: str) -> None:
    role = data.archive().check_login(name.strip(), password)
    if role:
        st.session_state[USER_KEY] = {"name": name.strip(), "role": role, "via": "local"}
        LOG.info("local login: %s (%s)", name.strip(), role)
    else:
        st.session_state["_login_failed"] = True
        LOG.warning("failed local login for %r", name.strip()[:40])


def _logout() -> None:
    if st.session_state.pop(USER_KEY, None) is None and oidc_configured():
        st.logout()


def account_box() -> User | None:
    """The sidebar's account section: who is logged in and a log-out button, or the ways to log in."""
    user = current_user()
    box = st.sidebar.container(key="account")
    if user:
        box.caption(t("auth.logged_in", name=user.name, role=t(f"auth.role.{user.role}")))
        box.button(t("auth.logout"), on_click=_logout, key="logout", icon=":material/logout:")
        return user
    if oidc_configured():
        box.button(t("auth.login_oidc"), on_click=st.login, key="login_oidc", icon=":material/login:")
    if local_accounts():
        with box.form("login_form", border=False):
            name = st.text_input(t("auth.user"), key="login_user")
            password = st.text_input(t("auth.password"), type="password", key="login_password")
            if st.form_submit_button(t("auth.login"), icon=":material/login:"):
                _local_login(name, password)
                st.rerun()
        if st.session_state.pop("_login_failed", False):
            box.error(t("auth.failed"))
    return None


def gate_viewing() -> User | None:
    """When viewing requires a login and nobody is logged in: say so and end the page."""
    user = account_box()
    if user is None and require_login():
        st.info(t("auth.view_needs_login"), icon=":material/lock:")
        st.stop()
    return user


def gate_writing(user: User | None) -> User:
    """Importing and rolling back: an editor or administrator, or a clear refusal (and the page ends)."""
    if user is not None and user.can_write:
        return user
    if not (oidc_configured() or local_accounts()):
        st.warning(t("auth.read_only"), icon=":material/lock:")
    elif user is None:
        st.warning(t("auth.write_needs_login"), icon=":material/lock:")
    else:
        st.error(t("auth.write_needs_role", name=user.name), icon=":material/block:")
    st.stop()
    raise AssertionError("unreachable")  # st.stop() ends the script run
