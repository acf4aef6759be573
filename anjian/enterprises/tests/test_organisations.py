"""Every enterprise is an organisation its people belong to: created by the import too, and
following the enterprise when an import moves or renames it."""

from anjian.accounts.models import Organisation
from anjian.enterprises.exports import HEADERS
from anjian.enterprises.models import Enterprise
from anjian.enterprises.tests.test_imports import _post, _rows, _xlsx
from tests.matrix import login_as


def test_imported_enterprises_get_their_organisations_and_they_follow_an_update(client, personas):
    login_as(client, personas, "district")
    rows = _rows(6)
    assert _post(client, _xlsx(rows)).status_code == 200
    made = Enterprise.objects.filter(name__startswith="导入企业")
    orgs = Organisation.objects.filter(enterprise__in=made)
    assert orgs.count() == 6
    assert all(
        (o.name, o.region_id, o.kind) == (o.enterprise.name, o.enterprise.region_id, "enterprise")
        for o in orgs
    )
    township_col, name_col = HEADERS.index("所在乡镇（街道）代码"), HEADERS.index("单位名称")
    rows[0][township_col] = "990102003"  # row 0 was in 990102001: a move
    rows[0][name_col] = "导入企业改名有限公司"
    assert _post(client, _xlsx(rows), mode="update").status_code == 200
    moved = Organisation.objects.get(enterprise__credit_code=rows[0][0])
    assert (moved.name, moved.region_code) == ("导入企业改名有限公司", "990102003000")
