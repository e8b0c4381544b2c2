"""`tenantctl check STACK`: the governance rules over a description and its planned resources."""

from __future__ import annotations

import json
import sys

import click

from tenantctl.components.directory import GroupProvider
from tenantctl.governance.config import load_config
from tenantctl.governance.evaluate import evaluate
from tenantctl.governance.live import live_facts
from tenantctl.governance.plan import plan_resources
from tenantctl.governance.report import baseline_lines, violation_lines
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level
from tenantctl.stack.description import load_valid_stack
from tenantctl.stack.project import stack_folder

EXIT_VIOLATIONS = 1

group_provider_option = click.option(
    "--group-provider",
    type=click.Choice(["azuread", "graph"]),
    default="azuread",
    show_default=True,
    help="The stack's groupProvider, which decides the resources it plans.",
)


@click.command("check")
@click.argument("stack", required=False)
@click.option("--live", is_flag=True, help="Check owners and seats against the tenant.")
@group_provider_option
@click.option("--baselines", is_flag=True, help="Print the rules' SCuBA and CIS mapping.")
@click.option(
    "--policy-config",
    is_flag=True,
    help="Print STACK's governance.yaml as `pulumi preview --policy-pack-config` JSON.",
)
def check_command(
    stack: str | None,
    live: bool,
    group_provider: GroupProvider,
    baselines: bool,
    policy_config: bool,
) -> None:
    """Check STACK against the governance rules before anything is applied."""
    if baselines:
        click.echo("\n".join(baseline_lines()))
        return
    if stack is None:
        raise click.UsageError("give a STACK (or --baselines)")
    config = load_config(stack_folder(stack))
    if policy_config:
        click.echo(json.dumps(config.pulumi_config(), indent=2))
        return
    tenant = load_valid_stack(stack).tenant
    facts = live_facts(tenant) if live else None
    subject = Subject(
        tenant,
        plan_resources(tenant, group_provider),
        directory=facts.directory if facts else None,
        seats=facts.seats if facts else None,
    )
    violations = evaluate(subject, config)
    for line in violation_lines(violations):
        click.echo(line, err=True)
    mandatory = sum(1 for v in violations if v.level is Level.MANDATORY)
    click.echo(
        f"{stack}: {mandatory} mandatory, {len(violations) - mandatory} advisory violation(s)",
        err=True,
    )
    if mandatory:
        sys.exit(EXIT_VIOLATIONS)
