"""What a directory setting's value may be, by its template value's type and name.

A template declares each value's type (``System.Boolean``, ``System.Guid``, ``System.String``;
groupsettingtemplate-get); a value must read as that type. The Group.Unified naming policy's
``PrefixSuffixNamingRequirement`` must contain ``[GroupName]``, and its fixed prefix and suffix
text may be 53 characters at most; ``CustomBlockedWordsList`` holds up to 5,000 comma-separated
words (learn.microsoft.com/entra/identity/users/groups-naming-policy).

The naming policy and ``EnableGroupCreation`` govern groups created by users: "the policy is
applied to new Microsoft 365 groups created by users", with administrator roles exempt
(groups-naming-policy), and the creation restriction names who among users may create groups
(learn.microsoft.com/entra/identity/users/groups-settings-cmdlets). An application calling
with application permissions is no user, so the local tenant, which issues app-only tokens, does
not apply them to ``POST /groups``: it stores and validates the values, as Entra ID does.
"""

from __future__ import annotations

import re

from local_tenant.policies.exceptions import InvalidSetting

GROUP_NAME = "[GroupName]"
NAMING_AFFIXES_MAX = 53
BLOCKED_WORDS_MAX = 5000
_GUID = re.compile(r"^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$")
_ATTRIBUTE = re.compile(r"\[[A-Za-z]+\]")


def check_value(name: str, type_: str, value: str) -> str:
    """The value as stored, or Graph's 400 naming the setting and what it expects."""
    if type_ == "System.Boolean":
        if value.lower() not in ("true", "false"):
            raise InvalidSetting(f"Setting '{name}' expects true or false, not '{value}'.")
        return value
    if type_ == "System.Guid" and value and not _GUID.match(value):
        raise InvalidSetting(f"Setting '{name}' expects the id (a GUID) of a group, not '{value}'.")
    if name == "PrefixSuffixNamingRequirement" and value:
        if value.count(GROUP_NAME) != 1:
            raise InvalidSetting(
                f"Setting '{name}' must contain {GROUP_NAME} once, for example "
                "'GRP_[GroupName]_[Department]'."
            )
        fixed = _ATTRIBUTE.sub("", value)
        if len(fixed) > NAMING_AFFIXES_MAX:
            raise InvalidSetting(
                f"Setting '{name}': the prefix and suffix text is {len(fixed)} characters long; "
                f"at most {NAMING_AFFIXES_MAX} are allowed."
            )
    if name == "CustomBlockedWordsList" and len([w for w in value.split(",") if w.strip()]) > (
        BLOCKED_WORDS_MAX
    ):
        raise InvalidSetting(f"Setting '{name}' holds more than {BLOCKED_WORDS_MAX} words.")
    return value
