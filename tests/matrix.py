"""The role matrix: for every persona, exactly which objects an endpoint shows and allows.

Expected sets are written in the tests from the demo data's definitions (which township, which
sector), never from the scoping code under test, so a leak or a hole shows as a difference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from tests.personas import ALL_PERSONAS, PUBLIC, login_verified

ADMINS = {"sysadmin", "secadmin", "auditadmin"}


def login_as(client, personas: dict, name: str) -> None:
    client.logout()
    if name == PUBLIC:
        return
    user = personas[name]
    if name in ADMINS:
        login_verified(client, user)
    else:
        client.force_login(user)


def _fail(rows: list[str]) -> None:
    if rows:
        raise AssertionError("角色矩阵不符：\n" + "\n".join(rows))


def check_api_matrix(
    client,
    personas: dict,
    *,
    list_url: str,
    detail_url: Callable[[object], str],
    expected: dict[str, set],
    all_keys: Iterable,
    key: str = "id",
) -> None:
    """List contents and counts, then 200 for each visible detail and 404 for every other one."""
    all_keys = set(all_keys)
    problems: list[str] = []
    sep = "&" if "?" in list_url else "?"
    for name in ALL_PERSONAS:
        login_as(client, personas, name)
        response = client.get(f"{list_url}{sep}limit=200&with_count=true")
        if name == PUBLIC:
            if response.status_code != 401:
                problems.append(f"{name}: 列表应为 401，实际 {response.status_code}")
            continue
        if response.status_code != 200:
            problems.append(f"{name}: 列表应为 200，实际 {response.status_code}")
            continue
        body = response.json()
        seen = {item[key] for item in body["items"]}
        want = expected.get(name, set())
        if seen != want or body["count"] != len(want):
            problems.append(
                f"{name}: 多出 {sorted(seen - want)}，缺少 {sorted(want - seen)}，count={body['count']}"
            )
        for k in all_keys:
            status = client.get(detail_url(k)).status_code
            wanted = 200 if k in want else 404
            if status != wanted:
                problems.append(f"{name}: 详情 {k} 应为 {wanted}，实际 {status}")
    _fail(problems)


def check_page_matrix(
    client, personas: dict, *, url: Callable[[object], str], expected: dict[str, set], all_keys
) -> None:
    """Pages: login required for the public, 200 in scope, 404 outside (same as missing)."""
    problems: list[str] = []
    for name in ALL_PERSONAS:
        login_as(client, personas, name)
        want = expected.get(name, set())
        for k in all_keys:
            response = client.get(url(k))
            wanted = 302 if name == PUBLIC else (200 if k in want else 404)
            if response.status_code != wanted:
                problems.append(f"{name}: {url(k)} 应为 {wanted}，实际 {response.status_code}")
    _fail(problems)


def check_action_matrix(client, personas: dict, *, act: Callable, allowed: set[str]) -> None:
    """`act(client, name)` performs the action and returns the response; only `allowed` succeed."""
    problems: list[str] = []
    for name in ALL_PERSONAS:
        login_as(client, personas, name)
        status = act(client, name).status_code
        ok = 200 <= status < 400
        if (name in allowed) != ok:
            problems.append(f"{name}: 期望{'允许' if name in allowed else '拒绝'}，实际 {status}")
    _fail(problems)
