"""Graph bodies from msgraph-sdk's typed models, for `GraphObject` and a stack's own resources.

A stack may describe what no spec covers with the SDK's models instead of hand-written JSON,
so property names, enum members and nested types are checked by the type checker and
completed by the editor:

    GraphObject("naming", GraphObjectArgs(path="groupSettings", body=GroupSetting(...)))

The model is serialised with Kiota's JSON writer, as the SDK itself sends it
(learn.microsoft.com/graph/sdks/sdks-overview). The top-level `@odata.type` the writer adds is
dropped: the path decides the entity type and Graph does not return it on a single entity, so
keeping it would read back as a change on every refresh.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from kiota_abstractions.serialization import Parsable
from kiota_serialization_json.json_serialization_writer import JsonSerializationWriter


def graph_body(body: Mapping[str, Any] | Parsable) -> dict[str, Any]:
    """The JSON object Graph receives for `body`: a mapping as it is, a model serialised."""
    if not isinstance(body, Parsable):
        return dict(body)
    writer = JsonSerializationWriter()
    writer.write_object_value(None, body)
    serialised: dict[str, Any] = json.loads(writer.get_serialized_content())
    serialised.pop("@odata.type", None)
    return serialised
