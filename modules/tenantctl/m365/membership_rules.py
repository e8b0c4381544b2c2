"""The user properties Entra ID accepts in a dynamic membership rule.

learn.microsoft.com/entra/identity/users/groups-dynamic-membership, "Supported properties"
(string and boolean properties of users; `memberOf`, `objectId` and the multi-valued
properties need operators the toolkit does not write). Graph refuses a rule naming any
other property: POST/PATCH /groups answers 400 (learn.microsoft.com/graph/api/group-post-groups).
"""

from __future__ import annotations

import re

RULE_USER_PROPERTIES: tuple[str, ...] = (
    "accountEnabled",
    "city",
    "companyName",
    "country",
    "department",
    "displayName",
    "employeeId",
    "facsimileTelephoneNumber",
    "givenName",
    "jobTitle",
    "mail",
    "mailNickname",
    "mobile",
    "onPremisesDistinguishedName",
    "onPremisesSecurityIdentifier",
    "passwordPolicies",
    "physicalDeliveryOfficeName",
    "postalCode",
    "preferredLanguage",
    "sipProxyAddress",
    "state",
    "streetAddress",
    "surname",
    "telephoneNumber",
    "usageLocation",
    "userPrincipalName",
    "userType",
)
"""Property names as the page spells them; Entra ID compares them case-insensitively."""

EXTENSION_ATTRIBUTE = re.compile(r"extensionAttribute(?:[1-9]|1[0-5])", re.IGNORECASE)
"""The fifteen extensionAttributes synchronised from on-premises (the page's "Extension
properties and custom extension properties")."""

DIRECTORY_EXTENSION = re.compile(r"extension_[0-9a-f]{32}_\w+", re.IGNORECASE)
"""An application's directory extensions: `extension_<app id without dashes>_<name>`."""

_PROPERTY = re.compile(r"\buser\.(\w+)")
_KNOWN = {name.lower() for name in RULE_USER_PROPERTIES}


def is_rule_property(name: str) -> bool:
    """Whether Entra ID accepts `user.<name>` in a dynamic membership rule."""
    return (
        name.lower() in _KNOWN
        or EXTENSION_ATTRIBUTE.fullmatch(name) is not None
        or DIRECTORY_EXTENSION.fullmatch(name) is not None
    )


def unsupported_properties(rule: str) -> list[str]:
    """The `user.<property>` names of a rule that Entra ID does not accept, in order."""
    found = [name for name in _PROPERTY.findall(rule) if not is_rule_property(name)]
    return list(dict.fromkeys(found))
