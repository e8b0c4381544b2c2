"""Schema errors: every bad key or value is located by file, line and key, with a fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from conftest import Description


def test_an_unknown_section_suggests_the_closest_name(desc: Description) -> None:
    desc.write("extra.yaml", "licences:\n  - key: x\n")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message) == (
        "extra.yaml:1",
        "licences",
        "unknown section",
    )
    assert finding.fix == "did you mean 'licence_groups'?"


def test_an_unknown_section_with_no_close_name_lists_the_sections(desc: Description) -> None:
    desc.write("extra.yaml", "budget: 12\n")
    assert desc.only().fix == (
        "remove it; allowed here: tenant, organisations, directorates, people, partners, "
        "spaces, licence_groups, mailbox_settings, waves, shards"
    )


def test_an_unknown_key_suggests_the_closest_name(desc: Description) -> None:
    desc.replace("people.yaml", "job_title:", "job_titel:")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message) == (
        f"people.yaml:{desc.line('people.yaml', 'job_titel')}",
        "people[alice@ville-test.fr].job_titel",
        "unknown key",
    )
    assert finding.fix == "did you mean 'job_title'?"


def test_an_unknown_nested_key_suggests_from_the_nested_model(desc: Description) -> None:
    desc.replace(
        "spaces.yaml", "      sharing: guests\n", "      sharing: guests\n      sharring: x\n"
    )
    finding = desc.only()
    assert (finding.key, finding.fix) == (
        "spaces[mobilite].site.sharring",
        "did you mean 'sharing'?",
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("spaces.yaml", "sharring")


def test_an_unknown_key_with_no_close_name_lists_the_allowed_keys(desc: Description) -> None:
    desc.replace("people.yaml", "job_title:", "zzzzz:")
    assert desc.only().fix == (
        "remove it; allowed here: upn, display_name, directorate, job_title, frontline"
    )


def test_a_missing_required_key_points_at_its_item(desc: Description) -> None:
    desc.replace("people.yaml", "    display_name: Bruno Petit\n", "")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message) == (
        f"people.yaml:{desc.line('people.yaml', 'bruno@')}",
        "people[bruno@ville-test.fr].display_name",
        "required key is missing",
    )
    assert finding.fix == "add 'display_name:' here"


def test_a_wrong_enum_value_lists_the_allowed_values(desc: Description) -> None:
    desc.replace("spaces.yaml", "kind: inter", "kind: transversal")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message) == (
        f"spaces.yaml:{desc.line('spaces.yaml', 'transversal')}",
        "spaces[projet-commun].kind",
        "Input should be 'intra', 'inter' or 'partner'",
    )
    assert finding.fix == "use one of: 'intra', 'inter' or 'partner'"


def test_a_bad_pattern_explains_the_expected_format(desc: Description) -> None:
    desc.replace("directorates.yaml", "code: DSI", "code: dsi")
    finding = desc.only()  # references to DSI are not reported again
    assert (str(finding.source), finding.key, finding.message) == (
        f"directorates.yaml:{desc.line('directorates.yaml', 'code: dsi')}",
        "directorates[dsi].code",
        "String should match pattern '^[A-Z][A-Z0-9]{1,11}$'",
    )
    assert finding.fix == "expected a directorate code: capitals and digits, 2 to 12 characters."


def test_a_bad_item_key_explains_the_expected_format(desc: Description) -> None:
    desc.replace("spaces.yaml", "key: projet-commun", "key: Projet_Commun")
    finding = desc.only()
    assert finding.key == "spaces[Projet_Commun].key"
    assert finding.fix == (
        "expected a stable identifier: lowercase letters, digits and '-', at most 40."
    )


def test_an_address_that_is_not_an_address_is_refused(desc: Description) -> None:
    desc.replace("spaces.yaml", "members: [bruno@ville-test.fr]", "members: [bruno]")
    finding = desc.only()
    assert (finding.key, str(finding.source)) == (
        "spaces[projet-commun].members[0]",
        f"spaces.yaml:{desc.line('spaces.yaml', 'members: [bruno]')}",
    )
    assert finding.message.startswith("String should match pattern")


def test_membership_is_a_rule_or_a_list_not_both(desc: Description) -> None:
    desc.replace(
        "directorates.yaml",
        "      departments: [DRH - Paie, DRH - Formation]\n",
        "      departments: [DRH - Paie]\n      users: [alice@ville-test.fr]\n",
    )
    finding = desc.only()
    assert (finding.key, finding.message, finding.fix) == (
        "directorates[DRH].membership",
        "give either 'departments' (a dynamic rule) or 'users', not both",
        "see the message",
    )
    assert finding.source is not None
    assert finding.source.line == desc.line("directorates.yaml", "membership:")


def test_membership_cannot_be_empty(desc: Description) -> None:
    desc.replace("directorates.yaml", "      departments: [DRH - Paie, DRH - Formation]\n", "")
    desc.replace(
        "directorates.yaml", "    membership:\n    headcount", "    membership: {}\n    headcount"
    )
    assert desc.only().message == "give either 'departments' (a dynamic rule) or 'users', not both"


def test_values_of_the_wrong_type_are_located(desc: Description) -> None:
    desc.replace("people.yaml", "frontline: true", "frontline: maybe")
    desc.replace("spaces.yaml", "every_months: 3", "every_months: quarterly")
    desc.replace("directorates.yaml", "headcount: 40", "headcount: -3")
    desc.replace("partners.yaml", "tenant_id: 0f1e2d3c-4b5a-4968-8776-a5b4c3d2e1f0", "tenant_id: x")
    assert [(f.key, f.message.split(",")[0]) for f in desc.findings()] == [
        ("directorates[DRH].headcount", "Input should be greater than or equal to 0"),
        ("partners[transports].tenant_id", "Input should be a valid UUID"),
        ("people[david@ville-test.fr].frontline", "Input should be a valid boolean"),
        ("spaces[mobilite].review.every_months", "Input should be a valid integer"),
    ]


def test_a_file_must_be_a_mapping_of_sections(desc: Description) -> None:
    desc.write("extra.yaml", "- a\n- b\n")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message) == (
        "extra.yaml:1",
        "(file)",
        "the file must be a mapping of sections",
    )


def test_a_section_must_be_a_list(desc: Description) -> None:
    desc.write("extra.yaml", "people:\n  upn: zoe@ville-test.fr\n")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message, finding.fix) == (
        "extra.yaml:1",
        "people",
        "must be a list of items",
        "write each item on its own line starting with '- upn: ...'",
    )


def test_an_item_that_is_not_a_mapping_is_located_by_position(desc: Description) -> None:
    desc.write("extra.yaml", "partners:\n  - transports\n")
    finding = desc.only()
    assert (str(finding.source), finding.key) == ("extra.yaml:2", "partners[#0]")


def test_a_duplicate_key_across_two_files_names_the_first(desc: Description) -> None:
    desc.write(
        "more/people.yaml",
        """\
        people:
          - upn: bruno@ville-test.fr
            display_name: Bruno Petit
            directorate: DRH
        """,
    )
    finding = desc.only()
    # files are read in path order: more/people.yaml comes before people.yaml
    assert (str(finding.source), finding.key, finding.message, finding.fix) == (
        f"people.yaml:{desc.line('people.yaml', 'bruno@')}",
        "people[bruno@ville-test.fr]",
        "duplicate upn 'bruno@ville-test.fr' (first defined at more/people.yaml:2)",
        "give each item of 'people' a unique upn",
    )


def test_items_without_a_key_are_not_duplicates_of_each_other(desc: Description) -> None:
    desc.write("a.yaml", "partners:\n  - name: Sans clé\n    domains: [a.example.com]\n")
    desc.write("b.yaml", "partners:\n  - name: Sans clé\n    domains: [b.example.com]\n")
    assert [(str(f.source), f.key, f.message) for f in desc.findings()] == [
        ("a.yaml:2", "partners[#0].key", "required key is missing"),
        ("b.yaml:2", "partners[#0].key", "required key is missing"),
    ]


def test_the_tenant_section_is_written_once(desc: Description) -> None:
    desc.write("x-again.yaml", "tenant:\n  name: Autre\n  default_domain: autre.fr\n")
    finding = desc.only()
    assert (str(finding.source), finding.key, finding.message) == (
        "x-again.yaml:1",
        "tenant",
        "'tenant' is already defined at tenant.yaml:1",
    )


def test_a_description_without_a_tenant_section_says_so(desc: Description) -> None:
    desc.write(
        "tenant.yaml",
        desc.text("tenant.yaml").split("\norganisations:")[1].join(["organisations:", ""]),
    )
    finding = desc.only()
    assert (finding.source, finding.key, finding.message) == (
        None,
        "tenant",
        "no 'tenant' section in any file",
    )


def test_an_item_the_schema_refuses_is_reported_once_not_at_every_reference(
    desc: Description,
) -> None:
    # bruno owns DRH and is a member of projet-commun: only the bad item itself is reported
    desc.replace("people.yaml", "Bruno Petit\n", "Bruno Petit\n    age: 40\n")
    assert [f.key for f in desc.findings()] == ["people[bruno@ville-test.fr].age"]


def test_findings_compare_as_file_line_key_message(desc: Description) -> None:
    desc.replace("spaces.yaml", "kind: inter", "kind: transversal")
    assert desc.seen() == [
        (
            "spaces.yaml",
            desc.line("spaces.yaml", "transversal"),
            "spaces[projet-commun].kind",
            "Input should be 'intra', 'inter' or 'partner'",
        )
    ]


def test_a_partner_the_schema_refuses_is_not_reported_again_by_its_spaces(
    desc: Description,
) -> None:
    # mobilite names this partner, invites its guest and shares a channel with it
    desc.replace("partners.yaml", "name: Transports du Valmontois", "name: ''")
    assert [f.key for f in desc.findings()] == ["partners[transports].name"]
