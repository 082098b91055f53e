"""A small OpenID Connect provider for the login tests, on loopback only.

It serves the discovery document, an authorisation endpoint that logs in a
configured test user at once (no form: the test chooses who logs in), a token
endpoint that returns an RS256-signed ID token (with the nonce of the
request, checked by Authlib), and the JWKS. Keys and tokens come from
Authlib's JOSE implementation; nothing leaves the machine.

>>> with OidcProvider(email="editor@example.vn") as idp:   # doctest: +SKIP
...     idp.metadata_url
'http://127.0.0.1:…/.well-known/openid-configuration'
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlencode, urlparse

from authlib.jose import JsonWebKey, jwt  # noqa: the deprecation warning is about 2.0; Streamlit itself needs authlib 1.x


class OidcProvider:
    """Start with ``with OidcProvider(email=…) as idp:``; ``idp.email`` may be changed between logins."""

    def __init__(self, *, email: str, name: str | None = None, client_id: str = "cchc-test",
                 client_secret: str = "cchc-test-secret") -> None:
        self.email, self.name = email, name or email.split("@")[0]
        self.client_id, self.client_secret = client_id, client_secret
        self.key = JsonWebKey.generate_key("RSA", 2048, is_private=True, options={"kid": "test-key"})
        self.codes: dict[str, dict[str, Any]] = {}
        self.logins = 0
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    def __enter__(self) -> "OidcProvider":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def secrets_toml(self, app_url: str, *, roles: dict[str, list[str]] | None = None) -> str:
        """The ``secrets.toml`` that points Streamlit's ``st.login`` at this provider."""
        lines = ["[auth]", f'redirect_uri = "{app_url}/oauth2callback"', f'cookie_secret = "{secrets.token_hex(16)}"',
                 f'client_id = "{self.client_id}"', f'client_secret = "{self.client_secret}"',
                 f'server_metadata_url = "{self.metadata_url}"', "", "[cchc.roles]"]
        lines += [f"{role} = {json.dumps(emails)}" for role, emails in (roles or {}).items()]
        return "\n".join(lines) + "\n"

    # ------------------------------------------------------------------ endpoints
    def _discovery(self) -> dict[str, Any]:
        return {"issuer": self.issuer, "authorization_endpoint": f"{self.issuer}/authorize",
                "token_endpoint": f"{self.issuer}/token", "jwks_uri": f"{self.issuer}/jwks",
                "response_types_supported": ["code"], "subject_types_supported": ["public"],
                "id_token_signing_alg_values_supported": ["RS256"], "scopes_supported": ["openid", "email", "profile"],
                "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"]}

    def _authorize(self, query: dict[str, str]) -> str:
        """Log the test user in at once: a code for the token endpoint, back to the app."""
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"nonce": query.get("nonce"), "client_id": query.get("client_id"),
                            "email": self.email, "name": self.name}
        self.logins += 1
        return f"{query['redirect_uri']}?{urlencode({'code': code, 'state': query.get('state', '')})}"

    def _token(self, form: dict[str, str]) -> dict[str, Any] | None:
        grant = self.codes.pop(form.get("code", ""), None)
        if grant is None:
            return None
        now = int(time.time())
        claims = {"iss": self.issuer, "aud": grant["client_id"] or self.client_id, "sub": grant["email"],
                  "email": grant["email"], "email_verified": True, "name": grant["name"], "iat": now,
                  "exp": now + 600, "nonce": grant["nonce"]}
        id_token = jwt.encode({"alg": "RS256", "kid": "test-key"}, claims, self.key).decode()
        return {"access_token": secrets.token_urlsafe(16), "token_type": "Bearer", "expires_in": 600,
                "id_token": id_token, "scope": "openid email profile"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        idp = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # quiet test output
                pass

            def _json(self, body: Any, status: int = 200) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self) -> None:  # noqa: N802 (http.server's name)
                url = urlparse(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    self._json(idp._discovery())
                elif url.path == "/jwks":
                    self._json({"keys": [idp.key.as_dict(is_private=False)]})
                elif url.path == "/authorize" and "redirect_uri" in query:
                    self.send_response(302)
                    self.send_header("Location", idp._authorize(query))
                    self.end_headers()
                else:
                    self._json({"error": "not_found"}, 404)

            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                body = idp._token(form) if urlparse(self.path).path == "/token" else None
                self._json(body or {"error": "invalid_grant"}, 200 if body else 400)

        return Handler
