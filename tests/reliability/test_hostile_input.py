"""Hostile input beyond what the loader and local tenant suites already cover: values with
invisible, control or look-alike characters (escaped, so the YAML reader lets them through),
and bounded memory on every hostile file; on the tenant's HTTP surface, deeply nested JSON,
bodies that are not UTF-8, odd ids, encoded path tricks and oversized URLs, each answered
with a Graph error, never a 500."""

from __future__ import annotations

import json
import textwrap
import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tenantctl.model import TenantDescriptionError, load_tenant
from tenantctl.model.data_folder import MAX_FILE_BYTES
from tests.support.local_tenant_fixture import LocalTenantHandle
from tests.unit.model.conftest import BASE

pytestmark = pytest.mark.integration

MEMORY_BOUND = 64 * 2**20  # bytes traced while loading any one hostile description

# (file, text replaced, its replacement, what the finding says)
HOSTILE_VALUES = {
    "zero-width space in a channel": (
        "spaces.yaml",
        "name: Paie",
        'name: "Pa\\u200bie"',
        "U+200B ZERO WIDTH SPACE",
    ),
    "bidi override in a display name": (
        "spaces.yaml",
        "name: Équipe RH",
        'name: "\\u202eÉquipe RH"',
        "U+202E RIGHT-TO-LEFT",
    ),
    "escaped NUL in a display name": (
        "spaces.yaml",
        "name: Projet commun",
        'name: "Projet\\0commun"',
        "U+0000 control",
    ),
    "escaped NEL in a channel": (
        "spaces.yaml",
        "name: Paie",
        'name: "Pa\\x85ie"',
        "U+0085 control character",
    ),
    "line separator in a name": (
        "people.yaml",
        "name: Bruno Petit",
        'name: "Bruno\\u2028Petit"',
        "U+2028 LINE SEPARATOR",
    ),
    "Cyrillic a in a channel": (
        "spaces.yaml",
        "name: Dossiers",
        "name: P\u0430ie",
        "(U+0430 CYRILLIC SMALL LETTER A)",
    ),
    "Cyrillic e in a space key": (
        "spaces.yaml",
        "key: drh-equipe",
        "key: drh-\u0435quipe",
        "(U+0435 CYRILLIC SMALL LETTER IE)",
    ),
    "Greek omicron in a partner domain": (
        "partners.yaml",
        "[transports.example.com]",
        "[transp\u03bfrts.example.com]",
        "mixes Greek and Latin letters",
    ),
}


def write_description(folder: Path, changes: dict[str, str] | None = None) -> Path:
    """The model tests' minimal valid description, with whole files replaced by CHANGES."""
    folder.mkdir()
    for name, text in BASE.items():
        (folder / name).write_text(textwrap.dedent(text), encoding="utf-8")
    for name, text in (changes or {}).items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def load_bounded(folder: Path) -> TenantDescriptionError | None:
    """Load FOLDER under tracemalloc: its error (None when valid), memory within bound."""
    tracemalloc.start()
    try:
        load_tenant(folder, relative_to=folder)
    except TenantDescriptionError as error:
        return error
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        assert peak < MEMORY_BOUND, f"loading took {peak / 2**20:.0f} MiB"
    return None


@pytest.mark.parametrize("case", sorted(HOSTILE_VALUES))
def test_hidden_and_look_alike_characters_are_findings_at_their_line(
    tmp_path: Path, case: str
) -> None:
    name, old, new, says = HOSTILE_VALUES[case]
    text = textwrap.dedent(BASE[name])
    assert old in text
    error = load_bounded(write_description(tmp_path / "d", {name: text.replace(old, new, 1)}))
    assert error is not None and len(error.findings) == 1
    finding = error.findings[0]
    assert says in finding.message
    assert str(finding.source) == f"{name}:{text[: text.index(old)].count(chr(10)) + 1}"


def test_look_alikes_in_real_french_names_are_not_findings(tmp_path: Path) -> None:
    """Accents, ligatures, apostrophes, dashes and no-break spaces are plain text."""
    people = textwrap.dedent(BASE["people.yaml"]).replace(
        "Bruno Petit", "Brunö Œillet-d\u2019Aÿ \u2014 Bâtiments\u00a0"
    )
    assert load_bounded(write_description(tmp_path / "d", {"people.yaml": people})) is None


HOSTILE_FILES = {
    "an alias bomb": "\n".join(
        ["bomb:", "  a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
        + [f"  a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 9)]
    ),
    "brackets nested 20,000 deep": "x: " + "[" * 20_000 + "]" * 20_000,
    "mappings nested 5,000 deep": "\n".join(f"{'  ' * n}k{n}:" for n in range(5_000)),
    "a 200,000-character key": "k" * 200_000 + ": 1",
    "10,000 unknown sections": "\n".join(f"s{n}: {n}" for n in range(10_000)),
    "a 1,000-item list of one alias": "x: &x [a, b]\npeople: [" + ", ".join(["*x"] * 1_000) + "]",
}


@pytest.mark.parametrize("case", sorted(HOSTILE_FILES))
def test_hostile_files_end_in_findings_within_bounded_memory(tmp_path: Path, case: str) -> None:
    error = load_bounded(write_description(tmp_path / "d", {"hostile.yaml": HOSTILE_FILES[case]}))
    assert error is not None and error.findings
    assert all(f.message and f.source is not None for f in error.findings)


def test_a_file_over_the_size_limit_is_refused_without_being_read(tmp_path: Path) -> None:
    folder = write_description(tmp_path / "d")
    with (folder / "huge.yaml").open("wb") as huge:
        huge.truncate(21 * 2**20)  # sparse: 21 MiB of NULs, never written to disk
    error = load_bounded(folder)
    assert error is not None and len(error.findings) == 1
    assert f"over the {MAX_FILE_BYTES}-byte limit" in error.findings[0].message


# The local tenant's HTTP surface ------------------------------------------------------------


@pytest.fixture
def http(local_tenant: LocalTenantHandle) -> Iterator[httpx.Client]:
    headers = {"Authorization": f"Bearer {local_tenant.token()}"}
    with httpx.Client(base_url=local_tenant.base_url, headers=headers, timeout=60) as client:
        yield client


JSON = {"Content-Type": "application/json"}


def _batch(*requests: dict[str, object]) -> bytes:
    return json.dumps({"requests": list(requests)}).encode()


HOSTILE_REQUESTS: dict[str, tuple[str, str, bytes | None]] = {
    "JSON nested 100,000 deep": ("POST", "/groups", b"[" * 100_000 + b"]" * 100_000),
    "a JSON object nested 100,000 deep": (
        "POST",
        "/groups",
        b'{"a":' * 100_000 + b"1" + b"}" * 100_000,
    ),
    "a body that is not UTF-8": ("POST", "/groups", b'{"displayName": "\xff\xfe"}'),
    "a lone surrogate escape": ("POST", "/groups", b'{"displayName": "\\ud800"}'),
    "a huge number": ("POST", "/groups", b'{"displayName": 1' + b"0" * 5_000 + b"}"),
    "a batch of nested JSON": (
        "POST",
        "/$batch",
        b'{"requests": ' + b"[" * 50_000 + b"]" * 50_000 + b"}",
    ),
    "a batch item with a path trick": (
        "POST",
        "/$batch",
        b'{"requests": [{"id": "1", "method": "GET", "url": "/../_admin/counters"}]}',
    ),
    "a batch item with an absolute URL": (
        "POST",
        "/$batch",
        b'{"requests": [{"id": "1", "method": "GET", "url": "http://evil.example/users"}]}',
    ),
    "an encoded slash in an id": ("GET", "/groups/a%2F..%2F..%2F_admin", None),
    "a double-encoded dot-dot": ("GET", "/groups/%252e%252e/members", None),
    "a unicode id": ("GET", "/groups/\u202e\u0430bc", None),
    "an id of 4,000 characters": ("GET", "/users/" + "a" * 4_000, None),
    "a filter of 4,000 parentheses": ("GET", "/groups?$filter=" + "(" * 4_000, None),
    "a PATCH of a channel with a bad team id": (
        "PATCH",
        "/teams/not-a-guid/channels/x",
        b'{"displayName": "x"}',
    ),
    "a filter of 1,000 or terms": ("GET", "/users?$filter=" + "+or+".join(["a"] * 1_000), None),
    "a filter of 1,000 and terms": ("GET", "/users?$filter=" + "+and+".join(["a"] * 1_000), None),
    "a filter in of 1,000 values": (
        "GET",
        "/users?$filter=id in (" + ",".join(["'x'"] * 1_000) + ")",
        None,
    ),
    "a filter of 1,000 nots": ("GET", "/users?$filter=" + "not+" * 1_000 + "a", None),
    "a startswith of a number": ("GET", "/users?$filter=startswith(displayName, 5)", None),
    "a lambda over a text": ("GET", "/groups?$filter=displayName/any(c:c eq 'x')", None),
    "an orderby over lists and objects": ("GET", "/users?$orderby=assignedLicenses", None),
    "a batch item with a filter of 1,000 terms": (
        "POST",
        "/$batch",
        _batch({"id": "1", "method": "GET", "url": "/users?$filter=" + " or ".join(["a"] * 1_000)}),
    ),
    "a batch item with a URL of 100,000 characters": (
        "POST",
        "/$batch",
        _batch(
            {"id": "1", "method": "GET", "url": "/users?$filter=" + " or ".join(["a"] * 20_000)}
        ),
    ),
    "a batch item whose body is not base64": (
        "POST",
        "/$batch",
        _batch({"id": "1", "method": "POST", "url": "/groups", "body": "not base64!"}),
    ),
    "a batch item with headers as a list": (
        "POST",
        "/$batch",
        _batch({"id": "1", "method": "GET", "url": "/users", "headers": [["a", "b"]]}),
    ),
    "a batch item with a header of an object": (
        "POST",
        "/$batch",
        _batch({"id": "1", "method": "GET", "url": "/users", "headers": {"a": {"b": 1}}}),
    ),
    "a batch item depending on a list": (
        "POST",
        "/$batch",
        _batch(
            {"id": "1", "method": "GET", "url": "/users"},
            {"id": "2", "method": "GET", "url": "/users", "dependsOn": [["1"]]},
        ),
    ),
    "a batch item depending on an object": (
        "POST",
        "/$batch",
        _batch(
            {"id": "1", "method": "GET", "url": "/users"},
            {"id": "2", "method": "GET", "url": "/users", "dependsOn": [{"id": "1"}]},
        ),
    ),
}


def test_hostile_requests_get_graph_errors_never_a_500(http: httpx.Client) -> None:
    """One tenant reset for every case: each answered with a Graph error body (or, for a
    batch, per-item answers; for a query Graph can answer, a page), none with a 500."""
    for case, (method, path, body) in sorted(HOSTILE_REQUESTS.items()):
        response = http.request(method, path, content=body, headers=JSON if body else None)
        assert response.status_code < 500, f"{case}: {response.text[:300]}"
        if response.status_code >= 400:
            error = response.json()["error"]
            assert error["code"] and error["message"], case
            assert error["innerError"]["request-id"] == response.headers["request-id"], case
        elif path == "/$batch":
            assert all(item["status"] < 500 for item in response.json()["responses"]), case
        else:
            assert isinstance(response.json()["value"], list), case


SHAREPOINT_OPERATION = (
    "--batch\r\nContent-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n"
    "POST {url} HTTP/1.1\r\nContent-Type: application/json\r\n\r\n"
)
HOSTILE_SHAREPOINT_BATCHES: dict[str, bytes] = {
    "an operation that is not UTF-8": (
        SHAREPOINT_OPERATION.format(url="/_api/x").encode()
        + b'{"url": "\xff\xfe"}\r\n--batch--\r\n'
    ),
    "multipart nested 3,000 deep": b"".join(
        f"--b{n}\r\nContent-Type: multipart/mixed; boundary=b{n + 1}\r\n\r\n".encode()
        for n in range(3_000)
    ).replace(b"--b0\r\n", b"--batch\r\n", 1),
    "5,000 operations": (SHAREPOINT_OPERATION.format(url="/_api/x").encode() + b"{}\r\n") * 5_000
    + b"--batch--\r\n",
    "a URL with a broken IPv6 host": (
        SHAREPOINT_OPERATION.format(url="http://[::1/_api/x").encode() + b"{}\r\n--batch--\r\n"
    ),
}


def test_hostile_sharepoint_batches_get_sharepoints_400(local_tenant: LocalTenantHandle) -> None:
    headers = {
        "Authorization": f"Bearer {local_tenant.token()}",
        "Content-Type": "multipart/mixed; boundary=batch",
    }
    with httpx.Client(base_url=local_tenant.root_url, headers=headers, timeout=60) as http:
        for case, body in sorted(HOSTILE_SHAREPOINT_BATCHES.items()):
            response = http.post("/_api/$batch", content=body)
            assert response.status_code == 400, f"{case}: {response.text[:300]}"
            error = response.json()["odata.error"]
            assert error["code"] and error["message"]["value"], case
