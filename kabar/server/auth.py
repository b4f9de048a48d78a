"""The review token: write endpoints need ``Authorization: Bearer <KABAR_TOKEN>``.

The comparison is constant-time (hmac.compare_digest on bytes). Without KABAR_TOKEN the server is
read-only and write endpoints answer 403. The reviewer's name for the audit log comes from the
``X-Kabar-User`` header: the token says someone may review, the header says who did.
"""

from __future__ import annotations

import hmac
import re
from typing import Optional

from fastapi import Depends, Header, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from kabar.server.models import invalid

bearer = HTTPBearer(auto_error=False, description="the review token (KABAR_TOKEN)")

_USER = re.compile(r"^[\w .@'-]{1,64}$", re.UNICODE)
DEFAULT_USER = "reviewer"


def _deny(status: int, detail: str) -> HTTPException:
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return HTTPException(status_code=status, detail=detail, headers=headers)


def token_matches(supplied: str, expected: str) -> bool:
    """Constant-time comparison (bytes, so any characters compare safely)."""
    return hmac.compare_digest(supplied.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


async def require_reviewer(
    request: Request,
    credentials: Optional[HTTPAuthorizationCredentials] = Depends(bearer),
    x_kabar_user: Optional[str] = Header(None, description="the reviewer's name for the audit log"),
) -> str:
    """The reviewer's name, after checking the token (401 missing/wrong, 403 read-only server)."""
    expected = request.app.state.kabar.config.token
    if not expected:
        raise _deny(403, "this server is read-only: start it with KABAR_TOKEN set to allow reviews")
    if credentials is None or not credentials.credentials:
        raise _deny(401, "a review token is required: send 'Authorization: Bearer <token>'")
    if not token_matches(credentials.credentials, expected):
        raise _deny(401, "wrong review token")
    name = (x_kabar_user or "").strip()
    if not name:
        return DEFAULT_USER
    if not _USER.match(name):
        raise invalid(("header", "X-Kabar-User"), "1-64 letters, digits, spaces or . @ ' - _")
    return name
