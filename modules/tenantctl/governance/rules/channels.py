"""Private and shared channels only where the space kind allows, shared only with partners
that have a cross-tenant entry (B2B direct connect)."""

from __future__ import annotations

from collections.abc import Iterator

from tenantctl.governance.rule import Breach, Params, Rule
from tenantctl.governance.subject import Subject
from tenantctl.governance.violations import Level
from tenantctl.model import ChannelKind

CROSS_TENANT = "CrossTenantPartner"


def channel_kinds(subject: Subject, params: Params) -> Iterator[Breach]:
    direct_connect = {
        str(r.props.get("tenant_id")).lower()
        for r in subject.of_kind(CROSS_TENANT)
        if r.props.get("b2b_direct_connect")
    }
    for space in subject.tenant.spaces:
        for position, channel in enumerate(space.channels):
            if channel.kind is ChannelKind.STANDARD:
                continue
            where = f"spaces[{space.key}].channels[{position}]"
            allowed = params[channel.kind.value]
            if space.kind.value not in allowed:
                yield Breach(
                    where,
                    f"a {channel.kind.value} channel in an {space.kind.value} space "
                    f"(allowed in: {', '.join(allowed) or 'none'})",
                    "make it a standard channel, or move it to a space of an allowed kind",
                )
            for key in channel.shared_with:
                partner = subject.index.partners.get(key)
                tenant_id = str(partner.tenant_id).lower() if partner and partner.tenant_id else ""
                if not tenant_id or (subject.resources and tenant_id not in direct_connect):
                    yield Breach(
                        where,
                        f"shared with '{key}', which has no cross-tenant partner entry "
                        "allowing B2B direct connect",
                        "give the partner its tenant_id so the stack declares the entry",
                    )


RULES = (
    Rule(
        "channel-kinds",
        "Private and shared channels only in allowed space kinds; shared with declared tenants",
        Level.MANDATORY,
        channel_kinds,
        defaults={"private": ["intra", "inter", "partner"], "shared": ["inter", "partner"]},
    ),
)
