"""Post a report as one pull-request thread in Azure Repos, updating it on later runs.

The thread is found by the report's first line (its marker comment). Uses the pipeline's
System.AccessToken and the predefined variables of a PR build.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import urllib.request
from pathlib import Path
from typing import Any

API = "api-version=7.1"


def call(method: str, url: str, body: Any = None) -> Any:
    token = base64.b64encode(f":{os.environ['SYSTEM_ACCESSTOKEN']}".encode()).decode()
    request = urllib.request.Request(
        url,
        method=method,
        data=None if body is None else json.dumps(body).encode(),
        headers={"Authorization": f"Basic {token}", "Content-Type": "application/json"},
    )
    with urllib.request.urlopen(request) as answer:
        return json.loads(answer.read() or b"null")


def main(report: Path) -> None:
    text = report.read_text(encoding="utf-8")
    marker = text.splitlines()[0]
    threads = (
        f"{os.environ['SYSTEM_COLLECTIONURI']}{os.environ['SYSTEM_TEAMPROJECTID']}"
        f"/_apis/git/repositories/{os.environ['BUILD_REPOSITORY_ID']}"
        f"/pullRequests/{os.environ['SYSTEM_PULLREQUEST_PULLREQUESTID']}/threads"
    )
    for thread in call("GET", f"{threads}?{API}")["value"]:
        first = (thread.get("comments") or [{}])[0]
        if str(first.get("content", "")).startswith(marker):
            url = f"{threads}/{thread['id']}/comments/{first['id']}?{API}"
            call("PATCH", url, {"content": text})
            return
    call("POST", f"{threads}?{API}", {"comments": [{"content": text}], "status": "active"})


if __name__ == "__main__":
    main(Path(sys.argv[1]))
