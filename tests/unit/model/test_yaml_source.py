"""Reading YAML: malformed or hostile files become findings with file and line, never tracebacks."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tenantctl.model import TenantDescriptionError, data_folder, load_tenant, yaml_source

if TYPE_CHECKING:
    from pathlib import Path

    from conftest import Description

SYNTAX_FIX = (
    "check indentation, quoting and the ':' after each key; only plain YAML "
    "(no tags such as !!python) is accepted"
)
TENANT_NAME = "\n  name: Ville de Test\n"


def test_bad_indentation_is_reported_at_its_line(desc: Description) -> None:
    desc.replace("tenant.yaml", "  default_domain", " default_domain")
    finding = desc.only()
    assert (str(finding.source), finding.key) == ("tenant.yaml:3", "(file)")
    assert finding.message == (
        "malformed YAML: while parsing a block mapping expected <block end>, "
        "but found '<block mapping start>'"
    )
    assert finding.fix == SYNTAX_FIX


def test_a_tab_in_the_indentation_is_reported_at_its_line(desc: Description) -> None:
    desc.replace("tenant.yaml", "  default_domain", "\tdefault_domain")
    finding = desc.only()
    assert str(finding.source) == "tenant.yaml:3"
    assert finding.message == (
        "malformed YAML: while scanning for the next token found character '\\t' "
        "that cannot start any token"
    )


def test_an_unclosed_quote_is_reported_where_the_file_ends(desc: Description) -> None:
    desc.replace("tenant.yaml", TENANT_NAME, '\n  name: "Ville de Test\n')
    finding = desc.only()
    assert str(finding.source) == f"tenant.yaml:{len(desc.text('tenant.yaml').splitlines()) + 1}"
    assert finding.message == (
        "malformed YAML: while scanning a quoted scalar found unexpected end of stream"
    )


@pytest.mark.parametrize(
    "tag",
    [
        "!!python/object:os.system {}",
        "!!python/name:os.system",
        "!!python/object/apply:os.getcwd []",
    ],
)
def test_python_tags_are_refused_not_constructed(desc: Description, tag: str) -> None:
    desc.replace("tenant.yaml", TENANT_NAME, f"\n  name: {tag}\n")
    finding = desc.only()
    assert (str(finding.source), finding.key) == ("tenant.yaml:2", "(file)")
    assert finding.message == f"the tag '{tag.split()[0]}' is not accepted"
    assert finding.fix == "write plain values without tags such as !!python or !!timestamp"


@pytest.mark.parametrize(
    "value", ["!!timestamp yesterday", "!!int ten", "!!binary ====", "!!set {}"]
)
def test_other_explicit_tags_are_refused_too(desc: Description, value: str) -> None:
    desc.replace("people.yaml", "job_title: Directrice", f"job_title: {value}\n    x: Directrice")
    finding = desc.only()
    assert str(finding.source) == f"people.yaml:{desc.line('people.yaml', value)}"
    assert finding.message == f"the tag '{value.split()[0]}' is not accepted"


def test_quoted_values_and_the_str_tag_are_plain_values(desc: Description) -> None:
    desc.replace("people.yaml", "job_title: Directrice", "job_title: !!str Directrice")
    desc.replace("people.yaml", "display_name: Bruno Petit", "display_name: '2027-01-01'")
    people = desc.load().tenant.people
    assert (people[0].job_title[:10], people[1].display_name) == ("Directrice", "2027-01-01")


def test_a_duplicate_key_is_an_error_naming_both_lines(desc: Description) -> None:
    desc.replace(
        "people.yaml",
        "    display_name: Bruno Petit\n",
        "    display_name: Bruno Petit\n    display_name: Bruno\n",
    )
    finding = desc.only()
    assert (str(finding.source), finding.key) == ("people.yaml:8", "(file)")
    assert finding.message == "key 'display_name' appears twice (first on line 7)"
    assert finding.fix == "keep one of the two"


def test_an_unreadable_file_is_reported_alone_without_knock_on_findings(
    desc: Description,
) -> None:
    # people.yaml cannot be read, so every owner looks unknown: only the cause is reported
    desc.replace("people.yaml", "people:", "people: [")
    assert [f.key for f in desc.findings()] == ["(file)"]


def test_an_alias_bomb_is_refused_before_it_expands(desc: Description) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    desc.write("bomb.yaml", "\n".join(["bomb:", *(f"  {line}" for line in levels)]) + "\n")
    finding = desc.only()
    assert finding.source is not None and str(finding.source.file) == "bomb.yaml"
    assert finding.message == (
        f"anchors and aliases expand to more than {yaml_source.MAX_EXPANDED_NODES} values"
    )
    assert finding.fix == "write the data out instead of nesting aliases"


def test_a_recursive_alias_is_refused(desc: Description) -> None:
    desc.write("loop.yaml", "loop: &self\n  - *self\n")
    finding = desc.only()
    assert str(finding.source) == "loop.yaml:1"  # where the anchor is
    assert finding.message == "an alias refers to the mapping that contains it"
    assert finding.fix == "remove the recursive alias"


def test_small_anchors_and_aliases_are_accepted(desc: Description) -> None:
    desc.replace(
        "directorates.yaml",
        "owners: [chloe@ville-test.fr, david@ville-test.fr]",
        "owners: &dsi [chloe@ville-test.fr, david@ville-test.fr]",
    )
    desc.replace(
        "directorates.yaml", "users: [chloe@ville-test.fr, david@ville-test.fr]", "users: *dsi"
    )
    assert desc.load().tenant.directorates[1].membership.users == (
        "chloe@ville-test.fr",
        "david@ville-test.fr",
    )


def test_deep_nesting_is_refused_at_the_line_it_goes_too_deep(desc: Description) -> None:
    depth = yaml_source.MAX_DEPTH + 5
    lines = [f"{'  ' * level}k{level}:" for level in range(depth)] + [f"{'  ' * depth}end"]
    desc.write("deep.yaml", "\n".join(lines) + "\n")
    finding = desc.only()
    # the mapping on line n is at depth n - 1; depth MAX_DEPTH + 1 is the first refused
    assert str(finding.source) == f"deep.yaml:{yaml_source.MAX_DEPTH + 2}"
    assert finding.message == (
        f"the document is nested more than {yaml_source.MAX_DEPTH} levels deep"
    )


def test_nesting_deeper_than_the_parser_can_follow_is_still_a_finding(desc: Description) -> None:
    desc.write("brackets.yaml", "x: " + "[" * 50_000 + "]" * 50_000 + "\n")
    finding = desc.only()
    assert finding.source is not None and str(finding.source.file) == "brackets.yaml"
    assert "nested" in finding.message


def test_a_file_that_is_not_utf8_is_reported_at_the_bad_line(desc: Description) -> None:
    desc.write_bytes(
        "latin1.yaml",
        "people:\n  - upn: zoe@ville-test.fr\n    display_name: Zoé\n".encode("latin-1"),
    )
    finding = desc.only()
    assert (str(finding.source), finding.key) == ("latin1.yaml:3", "(file)")
    assert (finding.message, finding.fix) == ("the file is not valid UTF-8", "save it as UTF-8")


def test_a_control_character_is_reported_at_its_line(desc: Description) -> None:
    desc.replace("people.yaml", "Bruno Petit", "Bruno\x07Petit")
    finding = desc.only()
    assert (str(finding.source), finding.key) == (
        f"people.yaml:{desc.line('people.yaml', 'Bruno')}",
        "(file)",
    )
    assert finding.message == "the file contains a control character (U+0007)"
    assert finding.fix == "remove it; descriptions are plain text"


def test_a_utf8_byte_order_mark_is_accepted(desc: Description) -> None:
    desc.write_bytes("tenant.yaml", b"\xef\xbb\xbf" + desc.text("tenant.yaml").encode())
    assert desc.load().tenant.tenant.name == "Ville de Test"


def test_an_oversized_file_is_refused_before_parsing(
    desc: Description, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(data_folder, "MAX_FILE_BYTES", 100)
    findings = desc.findings()
    big = [f for f in findings if "over the 100-byte limit" in f.message]
    assert {str(f.source) for f in big} == {f"{p.name}:1" for p in desc.folder.glob("*.yaml")}
    assert big[0].fix == "split the data into several files in the same folder"


def test_several_documents_in_one_file_are_refused(desc: Description) -> None:
    desc.write("two.yaml", "people: []\n---\npartners: []\n")
    finding = desc.only()
    assert str(finding.source) == "two.yaml:2"
    assert finding.message.startswith("malformed YAML: expected a single document in the stream")


def test_empty_and_comment_only_files_are_ignored(desc: Description) -> None:
    desc.write("empty.yaml", "")
    desc.write("notes.yaml", "# nothing here yet\n")
    assert len(desc.load().tenant.people) == 4


def test_yml_files_in_sub_folders_are_read_too(desc: Description) -> None:
    desc.write(
        "more/extra.yml",
        """\
        people:
          - upn: zoe@ville-test.fr
            display_name: Zoé Blanc
            directorate: DRH
        """,
    )
    assert "zoe@ville-test.fr" in {p.upn for p in desc.load().tenant.people}


def test_a_folder_without_yaml_is_one_finding(tmp_path: Path) -> None:
    with pytest.raises(TenantDescriptionError) as caught:
        load_tenant(tmp_path, relative_to=tmp_path)
    [finding] = caught.value.findings
    assert (finding.key, finding.message) == ("(folder)", "no YAML files found")
