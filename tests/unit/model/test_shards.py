"""Shards: a description split into stacks declares each item in exactly one shard; the
tenant-wide shard holds the tenant's settings, partners and licence groups."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tenantctl.model.shards import TENANT_WIDE, Split

if TYPE_CHECKING:
    from conftest import Description

SHARDS = """\
    shards:
      - key: rh
        directorates: [DRH]
      - key: l-informatique
        organisations: [ville]
    """


def test_an_unsplit_description_has_no_shards(desc: Description) -> None:
    split = Split(desc.load().tenant)
    assert split.keys == ()
    assert split.budget_share == 1.0


def test_each_item_lands_in_its_shard(desc: Description) -> None:
    desc.write("shards.yaml", SHARDS)
    tenant = desc.load().tenant
    split = Split(tenant)
    assert split.keys == (TENANT_WIDE, "rh", "l-informatique")
    assert split.budget_share == 1 / 3
    # A directorate named by a shard outweighs its organisation's shard.
    assert [split.directorate(d.code) for d in tenant.directorates] == ["rh", "l-informatique"]
    # A space goes with its first directorate.
    assert {s.key: split.space(s) for s in tenant.spaces} == {
        "drh-equipe": "rh",
        "projet-commun": "rh",
        "mobilite": "l-informatique",
    }


def test_the_group_creators_directorate_is_tenant_wide_its_spaces_are_not(
    desc: Description,
) -> None:
    desc.replace("tenant.yaml", "default_domain: ville-test.fr\n", _CREATORS)
    desc.write("shards.yaml", SHARDS)
    tenant = desc.load().tenant
    split = Split(tenant)
    assert split.directorate("DSI") == TENANT_WIDE
    assert split.space(next(s for s in tenant.spaces if s.key == "mobilite")) == "l-informatique"


_CREATORS = """default_domain: ville-test.fr
  group_policy:
    users_can_create: false
    creators: DSI
"""


def test_a_directorate_in_no_shard_is_named_with_the_fix(desc: Description) -> None:
    desc.write("shards.yaml", "shards:\n  - key: rh\n    directorates: [DRH]\n")
    finding = desc.only()
    assert finding.key == "directorates[DSI].organisation"
    assert finding.message == "directorate 'DSI' is in no shard"
    assert "add 'ville' to a shard's 'organisations' or 'DSI'" in finding.fix
    assert finding.source is not None and finding.source.file.name == "directorates.yaml"


def test_a_directorate_is_deployed_by_one_shard(desc: Description) -> None:
    desc.write("shards.yaml", SHARDS.replace("organisations: [ville]", "directorates: [DSI, DRH]"))
    finding = desc.only()
    assert finding.key == "shards[l-informatique].directorates[1]"
    assert finding.message == "'DRH' is already deployed by shard 'rh'"
    assert finding.source is not None
    assert finding.source.line == desc.line("shards.yaml", "directorates: [DSI, DRH]")


def test_an_organisation_is_deployed_by_one_shard(desc: Description) -> None:
    desc.write("shards.yaml", SHARDS.replace("directorates: [DRH]", "organisations: [ville]"))
    finding = desc.only()
    assert finding.key == "shards[l-informatique].organisations[0]"
    assert finding.message == "'ville' is already deployed by shard 'rh'"


def test_the_tenant_wide_key_is_reserved(desc: Description) -> None:
    desc.write("shards.yaml", SHARDS.replace("key: rh", "key: tenant"))
    finding = desc.only()
    assert finding.key == "shards[tenant].key"
    assert "another key" in finding.fix


def test_a_shard_names_known_parts(desc: Description) -> None:
    desc.write("shards.yaml", SHARDS.replace("[DRH]", "[DRH, DGS]"))
    finding = desc.only()
    assert finding.key == "shards[rh].directorates[1]"
    assert finding.message == "unknown directorate 'DGS'"


def test_a_shard_deploys_something(desc: Description) -> None:
    desc.write("shards.yaml", SHARDS.rstrip(" ") + "      - key: vide\n")
    finding = desc.only()
    assert finding.key == "shards[vide]"
    assert "give at least one" in finding.message


def test_an_organisations_mailbox_settings_need_its_directorates_in_its_shard(
    desc: Description,
) -> None:
    desc.write("shards.yaml", SHARDS)
    desc.write("mailboxes.yaml", "mailbox_settings:\n  - scope: ville\n    language: fr-FR\n")
    finding = desc.only()
    assert finding.key == "directorates[DRH].organisation"
    assert finding.message.startswith("directorate 'DRH' is in shard 'rh' but organisation 'ville'")
    assert finding.fix == "deploy 'DRH' with shard 'l-informatique' under 'shards'"


def test_an_organisations_scopes_land_in_its_shard(desc: Description) -> None:
    desc.write("shards.yaml", SHARDS.replace("directorates: [DRH]", "directorates: [DSI]"))
    split = Split(desc.load().tenant)
    assert split.organisation("ville") == "l-informatique"
    assert split.scope("ville") == "l-informatique"
    assert split.scope("DSI") == "rh"
