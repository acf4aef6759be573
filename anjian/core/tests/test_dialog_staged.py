"""The generic dialog of a transition that requires photos: photos kept from a refused
submission (staged uploads of the same user, bound to nothing) stand in for new ones."""

import io

from django.test import RequestFactory
from django.utils import timezone
from PIL import Image

from anjian.core import attachments
from anjian.core.models import Signature
from anjian.core.records.workflow import GenericForm, _kept
from anjian.core.workflow import Transition

NEEDS_PHOTOS = Transition("finish", "完成", ("open",), "done", requires=("comment", "attachments"))


def _photo(actor):
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (20, 120, 60)).save(out, format="JPEG")
    return attachments.save(data=out.getvalue(), name="后.jpg", actor=actor)


def _dialog(user, staged: str, comment: str = ""):
    data = {"version": "1", "comment": comment, "staged_photos": staged}
    request = RequestFactory().post("/", data)
    request.user = user
    form = GenericForm(request.POST, {}, transition=NEEDS_PHOTOS)
    return form, _kept(request, form)


def test_kept_photos_satisfy_the_required_photos_and_only_the_missing_field_is_named(personas):
    user = personas["township"]
    photo = _photo(user)
    form, kept = _dialog(user, str(photo.pk))
    assert kept == [photo]
    assert not form.is_valid() and set(form.errors) == {"comment"}
    form, kept = _dialog(user, f"{photo.pk},x,", comment="已完成")
    assert kept == [photo] and form.is_valid()


def test_another_users_or_an_unknown_upload_is_not_kept_and_photos_stay_required(personas):
    theirs = _photo(personas["district"])
    form, kept = _dialog(personas["township"], f"{theirs.pk},999999", comment="已完成")
    assert kept == []
    assert not form.is_valid() and set(form.errors) == {"photos"}


def test_an_upload_held_by_a_signature_is_not_staged(personas):
    user = personas["township"]
    drawn, free = _photo(user), _photo(user)
    Signature.objects.create(
        signer=user,
        signer_name=user.get_full_name() or user.username,
        signed_at=timezone.now(),
        method="handwritten",
        image=drawn,
        statement="签名",
        digest="0" * 64,
    )
    assert attachments.staged_for(user, [drawn.pk, free.pk]) == [free]
