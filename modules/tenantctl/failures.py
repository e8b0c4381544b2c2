"""Any failure as one line for a person: what failed, what answered, and the fix where known.

No traceback reaches a user: every `tenantctl` command (`tenantctl.cli`), the CI jobs and the
dynamic provider host (`tenantctl.resources.provider_host`) show errors through `explain`.
An error the toolkit does not expect is a bug: its line names the exception and where it was
raised, and `TENANTCTL_TRACEBACK=1` shows the whole traceback.

Graph's errors carry the call, Graph's status, code and message
(learn.microsoft.com/graph/errors); the fix is the one the status calls for.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path
from urllib.parse import urlsplit

import httpx
from azure.core.exceptions import ClientAuthenticationError

from tenantctl.graph.errors import GraphError
from tenantctl.model.errors import TenantDescriptionError
from tenantctl.user_error import UserError, one_line

TRACEBACK_VARIABLE = "TENANTCTL_TRACEBACK"
"""Set to 1 to see the traceback of an unexpected error instead of its one line."""

CREDENTIAL_FIX = (
    "check tenantId, clientId and the credential (client secret, certificate or federated "
    "token) in the stack's configuration or the environment"
)
GRAPH_FIXES = {
    401: CREDENTIAL_FIX,
    403: "grant the application the permissions `tenantctl permissions {kinds} --explain` "
    "lists, with admin consent",
    404: "the object is not in the tenant (deleted outside the stack?): `pulumi refresh` "
    "brings the state up to date",
    409: "another object already has this name or key: rename one of them",
}
"""What to do about Graph's answer, by status; `{kinds}` names what was being done."""


def show_traceback() -> bool:
    """Whether a developer asked for tracebacks (`TENANTCTL_TRACEBACK=1`)."""
    return os.environ.get(TRACEBACK_VARIABLE, "").strip() not in ("", "0")


def explain(error: BaseException, kinds: str = "STACK") -> str:
    """ERROR in one line (a description's errors: one line per finding); `kinds` names what
    the fix of a refused permission is about."""
    if isinstance(error, GraphError):
        return graph_line(error, kinds)
    if isinstance(error, httpx.TransportError):
        return f"cannot reach {_where(error)} ({type(error).__name__}: {one_line(str(error))})"
    if isinstance(error, ClientAuthenticationError):
        return with_fix(
            f"Entra ID refused the credential: {one_line(error.message)}", CREDENTIAL_FIX
        )
    if isinstance(error, TenantDescriptionError):
        return "\n".join(str(finding) for finding in error.findings)  # a line per finding
    if isinstance(error, UserError):
        return one_line(str(error))
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}"
    return internal(error)


def graph_line(error: GraphError, kinds: str = "STACK") -> str:
    """The call, Graph's status, code and message, and the fix for that status."""
    answer = " ".join(part for part in (str(error.status), error.code) if part)
    line = f"{error.method} {_path(error.url)}: {answer}"
    if error.message:
        line += f": {one_line(error.message)}"
    fix = GRAPH_FIXES.get(error.status)
    return with_fix(line, fix.format(kinds=kinds)) if fix else line


def with_fix(line: str, fix: str) -> str:
    """LINE, then what to do about it."""
    return f"{line}{' ' if line.endswith('.') else '. '}Fix: {fix}."


def internal(error: BaseException) -> str:
    """An unexpected error: its type, message and the line that raised it."""
    frames = traceback.extract_tb(error.__traceback__)
    place = f" at {Path(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    message = one_line(str(error))
    return (
        f"internal error: {type(error).__name__}{': ' + message if message else ''}{place}"
        f" (a bug: please report it; {TRACEBACK_VARIABLE}=1 shows the traceback)"
    )


def _path(url: str) -> str:
    """A request URL without its scheme, host and query: what was called."""
    parts = urlsplit(url)
    return parts.path or url


def _where(error: httpx.TransportError) -> str:
    try:
        return str(error.request.url)
    except RuntimeError:  # raised when the error carries no request
        return "the tenant"
