"""The project's configuration keys: declared once for Pulumi, read in the project's namespace
only, and a wrong key or value is one line naming the key and the fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from tenantctl.graph import GraphSettings, lookup_from
from tenantctl.graph.settings import ENVIRONMENT
from tenantctl.stack.config import BY_NAME, KEYS, PROJECT, problems

ROOT = Path(__file__).resolve().parents[3]
READ = re.compile(r'(?:lookup|config\.(?:get|require)\w*)\("([A-Za-z_]+)"\)')
ENVIRONMENT_ONLY = {"ACTIONS_ID_TOKEN_REQUEST_URL", "ACTIONS_ID_TOKEN_REQUEST_TOKEN"}


def test_pulumi_yaml_declares_exactly_the_keys_with_their_type_default_and_secrecy() -> None:
    declared = yaml.safe_load((ROOT / "Pulumi.yaml").read_text())["config"]
    assert set(declared) == {key.qualified for key in KEYS}
    for key in KEYS:
        entry = declared[key.qualified]
        assert entry["type"] == key.type, key.name
        assert entry.get("default") == key.declared_default, key.name
        assert ("default" in entry) is not key.required, key.name
        assert "secret" not in entry, key.name  # Pulumi would require every secret
        assert ("A secret" in entry["description"]) is key.secret, key.name
        assert key.description in entry["description"], key.name


def test_every_setting_the_code_reads_is_a_declared_key() -> None:
    sources = [*ROOT.joinpath("modules").rglob("*.py"), ROOT / "__main__.py"]
    read = {name for path in sources for name in READ.findall(path.read_text())}
    assert read - ENVIRONMENT_ONLY <= set(BY_NAME)
    assert {"description", "groupProvider", "clientSecret", "graphBaseUrl"} <= read
    assert set(ENVIRONMENT) - ENVIRONMENT_ONLY == {k.name for k in KEYS if k.environment}


def test_settings_are_read_from_the_projects_namespace_only() -> None:
    config = {"azuread:clientId": "provider-app", f"{PROJECT}:clientId": "toolkit-app"}
    assert lookup_from(config, environ={})("clientId") == "toolkit-app"
    assert lookup_from({"azuread:clientId": "provider-app"}, environ={})("clientId") is None
    assert lookup_from({"clientId": "bare"}, environ={})("clientId") == "bare"


def test_an_unknown_key_of_the_namespace_names_the_closest_key_and_the_fix() -> None:
    config = {f"{PROJECT}:clientid": "x", "azuread:useOidc": "true"}
    assert problems(config) == [
        f"unknown configuration key '{PROJECT}:clientid': did you mean 'clientId'? "
        "(fix: `pulumi config rm clientid`; the keys are declared in Pulumi.yaml)"
    ]


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("groupProvider", "msgraph", "use one of azuread, graph"),
        ("credential", "password", "use one of auto, token, client_secret"),
        ("retryBaseDelaySeconds", "soon", "give a number of seconds"),
    ],
)
def test_a_value_outside_its_keys_choices_is_refused(name: str, value: str, expected: str) -> None:
    [problem] = problems({f"{PROJECT}:{name}": value})
    assert problem.startswith(f"{PROJECT}:{name} is '{value}': {expected}")
    assert "fix: `pulumi config set" in problem


def test_a_secret_set_in_clear_is_refused_and_an_encrypted_one_accepted() -> None:
    config = {f"{PROJECT}:clientSecret": "hunter2"}
    assert problems(config) == [
        f"{PROJECT}:clientSecret is set in clear: it is a secret "
        "(fix: `pulumi config set --secret clientSecret <value>`)"
    ]
    assert problems(config, secret_keys=[f"{PROJECT}:clientSecret"]) == []
    assert problems({f"{PROJECT}:clientSecret": ""}) == []


def test_an_empty_setting_lets_the_environment_stand_in() -> None:
    lookup = lookup_from({f"{PROJECT}:clientSecret": ""}, environ={"AZURE_CLIENT_SECRET": "env"})
    assert lookup("clientSecret") == "env"
    assert lookup_from({f"{PROJECT}:tenantId": ""}, environ={})("tenantId") is None


def test_the_sample_stacks_configuration_is_clean() -> None:
    stacks = sorted(ROOT.glob("Pulumi.*.yaml"))
    assert {"Pulumi.local.yaml", "Pulumi.city.yaml", "Pulumi.prod.yaml"} <= {
        path.name for path in stacks
    }
    for stack in stacks:
        config = yaml.safe_load(stack.read_text())["config"]
        secrets = [key for key, value in config.items() if isinstance(value, dict)]
        assert problems(config, secrets) == [], stack.name


def test_a_malformed_number_in_the_environment_names_the_setting() -> None:
    lookup = lookup_from({}, environ={"TENANTCTL_RETRY_BASE_DELAY_SECONDS": "soon"})
    with pytest.raises(ValueError, match="retryBaseDelaySeconds is 'soon': give a number"):
        GraphSettings.load(lookup)
