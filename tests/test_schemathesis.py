"""Fuzzing the whole OpenAPI schema with schemathesis, as five personas of different scopes:
generated valid and invalid requests to every operation, and not one answers a server error.

The schemathesis command runs against the test server (the test database, requests in
autocommit as in production), deterministic (the same cases on every run, so a failure
reproduces) and bounded to fit the time of `make test`: a few examples per operation and
persona, about 15 s a persona. Its coverage phase (boundary values of every parameter) is left
out: over 4,000 cases and more than three minutes for each persona. The causes of server errors
it would look for are tested one by one in `test_bad_input.py`."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.personas import PASSWORD

PERSONAS = ("city", "township", "ent_manager", "other_ent", "grid")
EXAMPLES = 3  # generated requests per operation and persona
SCHEMATHESIS = Path(sys.executable).parent / "schemathesis"


def _token(client, username: str) -> str:
    response = client.post(
        "/api/v1/auth/token",
        {"username": username, "password": PASSWORD},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _fuzz(url: str, token: str, workdir: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{url}/api/v1/openapi.json",
            "--header",
            f"Authorization: Bearer {token}",
            "--checks",
            "not_a_server_error",
            # revoking the caller's own token would leave the rest of the run at 401
            "--exclude-name",
            "DELETE /api/v1/auth/token",
            "--phases",
            "fuzzing",
            "--max-examples",
            str(EXAMPLES),
            "--generation-deterministic",
            "--no-shrink",
            "--continue-on-failure",
            "--workers",
            "1",
            "--request-timeout",
            "30",
            "--no-color",
            "--warnings",
            "off",
        ],
        cwd=workdir,  # its cache folder goes there
        capture_output=True,
        text=True,
        timeout=600,
    )


# Each persona gets a token of its own, taken right before its run.
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("persona", PERSONAS)
def test_no_operation_answers_a_server_error(client, demo, live_server, persona, tmp_path):
    token = _token(client, persona)
    result = _fuzz(live_server.url, token, tmp_path)
    tail = (result.stdout + result.stderr)[-6000:]
    assert result.returncode == 0, f"schemathesis（{persona}）发现服务器错误：\n{tail}"
    tested = re.search(r"Tested: (\d+)", result.stdout)
    assert tested and int(tested.group(1)) >= 60, tail  # the whole schema, not a part of it
    # the run went through as the persona to its end (no operation revoked its token)
    me = client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {token}"})
    assert me.status_code == 200, "被测操作吊销了该角色的令牌，其后的请求只得到 401：请排除该操作"
