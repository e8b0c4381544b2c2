"""Group names follow the organisation's convention and Microsoft 365's limits."""

from __future__ import annotations

import re
from collections.abc import Iterator

from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level
from tenantctl.m365.names import mail_nickname_problem


def naming_convention(subject: Subject, params: Params) -> Iterator[Breach]:
    index = subject.index
    allowed = re.compile(params["allowed"])
    stack_prefix = subject.tenant.tenant.stack_prefix
    named: list[tuple[str, str, str]] = []
    for space in subject.tenant.spaces:
        org = index.space_organisation(space)
        prefix = f"{org.prefix if org else stack_prefix}-{space.directorates[0]}-"
        named.append((f"spaces[{space.key}]", index.space_mail_nickname(space), prefix))
    for directorate in subject.tenant.directorates:
        org = index.organisations.get(directorate.organisation)
        prefix = f"{org.prefix if org else stack_prefix}-{directorate.code}-"
        where = f"directorates[{directorate.code}]"
        named.append((where, index.directorate_mail_nickname(directorate), prefix))
    for group in subject.tenant.licence_groups:
        where = f"licence_groups[{group.key}]"
        named.append((where, index.licence_mail_nickname(group), f"{stack_prefix}-LIC-"))
    for where, nickname, prefix in named:
        if not nickname.upper().startswith(prefix.upper()):
            yield Breach(
                f"{where}.mail_nickname",
                f"'{nickname}' does not start with '{prefix}'",
                f"name it '{prefix}…' (organisation prefix, then directorate)",
            )
        problem = mail_nickname_problem(nickname)
        if problem:
            yield Breach(
                f"{where}.mail_nickname", f"'{nickname}' {problem}", "shorten or rename it"
            )
        elif not allowed.fullmatch(nickname):
            yield Breach(
                f"{where}.mail_nickname",
                f"'{nickname}' has characters outside {params['allowed']}",
                "use the allowed characters only",
            )


RULES = (
    Rule(
        "naming-convention",
        "Group names carry the organisation and directorate prefix, allowed characters, "
        "and fit Microsoft 365's lengths",
        Level.MANDATORY,
        naming_convention,
        defaults={"allowed": "[A-Za-z0-9-]+"},
    ),
)
