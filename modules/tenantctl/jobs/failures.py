"""Any failure as one line for a person: what failed, what answered, and the fix where known.

No traceback reaches a user: every `tenantctl` command and CI job runs in `one_line_errors`
(`tenantctl.cli` wraps each command in it), and the dynamic provider host
(`tenantctl.resources.provider_host`) shows errors through `explain` too. An error the toolkit
does not expect is a bug: its line names the exception and where it was raised, and
`TENANTCTL_TRACEBACK=1` shows the whole traceback.

Graph's errors carry the call, Graph's status, code and message
(learn.microsoft.com/graph/errors); the fix is the one the status calls for. A token endpoint
that refuses the credential or cannot be reached is named with what to check
(learn.microsoft.com/entra/identity-platform/v2-oauth2-client-creds-grant-flow).
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from urllib.parse import urlsplit

import click
import httpx

from tenantctl.graph.errors import GraphError, TokenError
from tenantctl.graph.settings import ENVIRONMENT
from tenantctl.jobs.exit_codes import ExitCode
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
READ_FIX = (
    "grant the application {permission}, with admin consent (`tenantctl permissions --read` "
    "lists what the read-only commands read)"
)
"""What to do about a refused read of a read-only command: the read's permission."""
READ_PERMISSION: ContextVar[Callable[[str], str | None]] = ContextVar(
    "read_permission", default=lambda url: None
)
"""The permission a read-only command's call of a URL takes (None: not known). The command
line sets it (`tenantctl.cli`), the one layer that knows every command's reads; this module
sits below the commands and so cannot import them."""
UNREACHABLE_FIX = (
    f"check graphBaseUrl ({ENVIRONMENT['graphBaseUrl']}) and sharepointAdminUrl "
    f"({ENVIRONMENT['sharepointAdminUrl']}), and that the network lets this machine reach it"
)
TOKEN_ENDPOINT_FIX = (
    f"check authorityHost ({ENVIRONMENT['authorityHost']}), the network and any proxy"
)


def show_traceback() -> bool:
    """Whether a developer asked for tracebacks (`TENANTCTL_TRACEBACK=1`)."""
    return os.environ.get(TRACEBACK_VARIABLE, "").strip() not in ("", "0")


@contextmanager
def one_line_errors(
    name: str | Callable[[], str], on_error: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Run command NAME's work (a name, or what gives it once known): an error but click's own
    is shown as `NAME: error: LINE` (`explain`), handed to `on_error` (to write a report saying
    so), and exits with ERROR."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except Exception as error:
        if show_traceback():
            raise
        message = explain(error)
        command = name if isinstance(name, str) else name()
        for line in message.splitlines():
            click.echo(f"{command}: error: {line}", err=True)
        if on_error is not None:
            on_error(message)
        raise SystemExit(ExitCode.ERROR) from None


def explain(error: BaseException, kinds: str | None = None) -> str:
    """ERROR in one line (a description's errors: one line per finding). `kinds`: the resource
    kinds being deployed, which a refused permission's fix is about; without, a refused read
    names the permission of that read (`READ_PERMISSION`)."""
    if isinstance(error, GraphError):
        return graph_line(error, kinds)
    if isinstance(error, httpx.TransportError):
        return with_fix(
            f"cannot reach {_where(error)} ({type(error).__name__}: {one_line(str(error))})",
            UNREACHABLE_FIX,
        )
    if isinstance(error, TokenError):
        return token_line(error)
    if isinstance(error, TenantDescriptionError):
        return "\n".join(str(finding) for finding in error.findings)  # a line per finding
    if isinstance(error, UserError):
        return one_line(str(error))
    if isinstance(error, OSError) and error.strerror:
        where = f": {error.filename}" if error.filename else ""
        return f"{error.strerror}{where}"
    return internal(error)


def graph_line(error: GraphError, kinds: str | None = None) -> str:
    """The call, Graph's status, code and message, and the fix for that status."""
    answer = " ".join(part for part in (str(error.status), error.code) if part)
    line = f"{error.method} {_path(error.url)}: {answer}"
    if error.message:
        line += f": {one_line(error.message)}"
    fix = _graph_fix(error, kinds)
    return with_fix(line, fix) if fix else line


def _graph_fix(error: GraphError, kinds: str | None) -> str | None:
    if error.status == 403 and kinds is None and (permission := READ_PERMISSION.get()(error.url)):
        return READ_FIX.format(permission=permission)
    fix = GRAPH_FIXES.get(error.status)
    return fix.format(kinds=kinds or "STACK") if fix else None


def token_line(error: TokenError) -> str:
    """The token endpoint, what it said or why it could not be reached, and what to check."""
    if error.refused:
        line = f"Entra ID refused the credential: {error.endpoint}: {error.reason}"
        return with_fix(line, CREDENTIAL_FIX)
    line = f"cannot reach the token endpoint {error.endpoint} ({error.reason})"
    return with_fix(line, TOKEN_ENDPOINT_FIX)


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
