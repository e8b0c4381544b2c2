"""Render a team space's Teams template (Jinja2) into the JSON body of Graph's POST /teams.

The template gives the team's name, description, visibility, channels and apps; the space's
settings (memberSettings, guestSettings, messagingSettings, funSettings) are added from the
model, so that a team is created with them. After creation they are TeamSettings' alone
(learn.microsoft.com/graph/api/team-post, team-update); a template that sets one is refused.

Rendering is strict: an undefined variable, a template syntax error or output that is not
valid JSON raises TeamTemplateError naming the template, the line and the space.
"""

from __future__ import annotations

import json
import traceback
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from tenantctl.model import ChannelKind, TeamSpace, TenantIndex, template_name
from tenantctl.stack.project import TEMPLATE_SUFFIX, templates_dir
from tenantctl.translate import team_settings_body


class TeamTemplateError(Exception):
    """A Teams template that cannot be rendered into a valid POST /teams body."""


@cache
def _environment(folder: Path) -> jinja2.Environment:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folder),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=True,
    )
    environment.filters["tojson"] = _strict_tojson
    return environment


def _strict_tojson(value: Any) -> str:
    """JSON for a template value; an undefined value fails as undefined, not as a type error."""
    if isinstance(value, jinja2.Undefined):
        value._fail_with_undefined_error()
    return json.dumps(value, ensure_ascii=False)


def render_team_body(
    index: TenantIndex, space: TeamSpace, folder: Path | None = None
) -> dict[str, Any]:
    """The POST /teams body for a space, from the template its kind (or the stack) names."""
    folder = folder or templates_dir()
    file_name = template_name(space) + TEMPLATE_SUFFIX
    where = f"teams_templates/{file_name} (space '{space.key}')"
    try:
        template = _environment(folder).get_template(file_name)
        text = template.render(**_context(index, space))
    except jinja2.TemplateNotFound as exc:
        raise TeamTemplateError(f"{where}: template not found in {folder}") from exc
    except jinja2.TemplateSyntaxError as exc:
        raise TeamTemplateError(f"{where}:{exc.lineno}: {exc.message}") from exc
    except jinja2.UndefinedError as exc:
        line = _template_line(exc, file_name)
        raise TeamTemplateError(f"{where}:{line}: {exc.message}") from exc
    try:
        body = json.loads(text)
    except json.JSONDecodeError as exc:
        bad_line = text.splitlines()[exc.lineno - 1] if text else ""
        raise TeamTemplateError(
            f"{where}: rendered output is not valid JSON at output line {exc.lineno}: "
            f"{exc.msg}: {bad_line.strip()!r}"
        ) from exc
    if not isinstance(body, dict):
        raise TeamTemplateError(f"{where}: rendered output must be a JSON object")
    settings = team_settings_body(space.settings)
    if owned := sorted(set(body) & set(settings)):
        raise TeamTemplateError(
            f"{where}: sets {', '.join(owned)}, which the space's settings own; remove them "
            f"from the template and set spaces[{space.key}].settings instead"
        )
    return {**body, **settings}


def _context(index: TenantIndex, space: TeamSpace) -> dict[str, Any]:
    partners = [index.partners[key] for key in space.partners if key in index.partners]
    directorates = [index.directorates[c] for c in space.directorates if c in index.directorates]
    return {
        "space": space,
        "description": space.description or _default_description(space, directorates),
        "organisation": index.space_organisation(space),
        "directorates": directorates,
        "partners": partners,
        "partner_names": [p.name for p in partners],
        "owners": index.space_owners(space),
        "standard_channels": [c for c in space.channels if c.kind is ChannelKind.STANDARD],
    }


def _default_description(space: TeamSpace, directorates: list[Any]) -> str:
    names = ", ".join(d.display_name for d in directorates)
    return f"{space.display_name} — {names}" if names else space.display_name


def _template_line(exc: BaseException, file_name: str) -> int | str:
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.endswith(file_name):
            return frame.lineno or "?"
    return "?"
