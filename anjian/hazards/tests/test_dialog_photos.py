"""A workflow dialog that takes photos keeps them across a refusal: the photos are stored as
staged uploads, shown again in the dialog with a remove button, and bound by the next submit."""

from anjian.core.models import Attachment, TransitionRecord
from tests.matrix import login_as

from .conftest import photo
from .test_views import HX, RECTIFYING, act, demo, drawn_signature, jpeg


def _staged_ids(html: str) -> list[int]:
    marker = 'name="staged_photos" value="'
    start = html.index(marker) + len(marker)
    raw = html[start : html.index('"', start)]
    return [int(part) for part in raw.split(",") if part]


def test_a_refused_dialog_shows_the_photos_again_and_the_next_submit_binds_them(client, personas):
    hazard = demo(RECTIFYING)
    login_as(client, personas, "ent_manager")
    photos = [jpeg((0, 160, 0), "后一.jpg"), jpeg((0, 0, 160), "后二.jpg")]
    refused = act(
        client,
        hazard,
        "submit",
        {"photos": photos, "signature_method": "handwritten", "signature_image": drawn_signature()},
        **HX,
    )
    assert refused.status_code == 200  # htmx swaps only 2xx: the dialog comes back
    html = refused.content.decode()
    assert 'data-testid="error-note"' in html  # the missing 整改情况 is named on its field
    assert 'data-testid="staged-photos"' in html and html.count('data-testid="unstage-photo"') == 2
    kept = _staged_ids(html)
    assert len(kept) == 2
    assert Attachment.objects.filter(pk__in=kept, content_type__isnull=True).count() == 2
    hazard.refresh_from_db()
    assert hazard.status == "rectifying"

    done = act(
        client,
        hazard,
        "submit",
        {
            "note": "已加装静电接地报警器",
            "staged_photos": ",".join(map(str, kept)),
            "signature_method": "handwritten",
            "signature_image": drawn_signature(),
        },
        **HX,
    )
    assert done.status_code == 204
    hazard.refresh_from_db()
    assert hazard.status == "pending_acceptance"
    record = TransitionRecord.objects.get(
        workflow="hazard", object_id=str(hazard.pk), action="submit"
    )
    assert sorted(a.pk for a in record.attachments.all()) == sorted(kept)
    assert {a.kind for a in record.attachments.all()} == {"after"}


def test_a_new_photo_joins_the_kept_ones_and_a_removed_one_is_not_bound(client, personas):
    hazard = demo(RECTIFYING)
    login_as(client, personas, "ent_manager")
    first = act(client, hazard, "submit", {"photos": [jpeg(), jpeg((1, 2, 3))]}, **HX)
    kept = _staged_ids(first.content.decode())
    again = act(
        client,
        hazard,
        "submit",
        {"staged_photos": str(kept[0]), "photos": [jpeg((9, 9, 9), "补.jpg")]},
        **HX,
    )
    both = _staged_ids(again.content.decode())
    assert len(both) == 2 and both[0] == kept[0] and kept[1] not in both
    act(
        client,
        hazard,
        "submit",
        {"note": "已整改", "staged_photos": ",".join(map(str, both)), **_account()},
        **HX,
    )
    record = TransitionRecord.objects.get(
        workflow="hazard", object_id=str(hazard.pk), action="submit"
    )
    assert sorted(a.pk for a in record.attachments.all()) == sorted(both)


def test_someone_elses_upload_is_never_taken(client, personas):
    hazard = demo(RECTIFYING)
    others = personas["township"]
    foreign = photo(others)
    login_as(client, personas, "ent_manager")
    mine = _staged_ids(act(client, hazard, "submit", {"photos": [jpeg()]}, **HX).content.decode())
    kept = act(client, hazard, "submit", {"staged_photos": f"{mine[0]},{foreign.pk}"}, **HX)
    assert _staged_ids(kept.content.decode()) == mine
    ids = f"{mine[0]},{foreign.pk}"
    act(client, hazard, "submit", {"note": "已整改", "staged_photos": ids, **_account()}, **HX)
    record = TransitionRecord.objects.get(
        workflow="hazard", object_id=str(hazard.pk), action="submit"
    )
    assert [a.pk for a in record.attachments.all()] == mine
    foreign.refresh_from_db()
    assert foreign.content_type is None


def _account() -> dict:
    return {"signature_method": "account"}
