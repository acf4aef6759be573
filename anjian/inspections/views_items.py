"""Pages of the item lists: one list with its items and descriptions, the forms, publishing and
new versions, the import and export of a list, and the public page (一公开, no login)."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from anjian.core.errors import Forbidden, Invalid
from anjian.core.forms import call_service
from anjian.core.permissions import permission_required_audited as needs
from anjian.core.records.exporting import export_response
from anjian.core.records.sheet_views import import_page
from anjian.core.records.sheets import template_response

from . import records_items, selectors_items, services_items
from .choices import ItemIndustry, ListStatus
from .forms_items import ItemForm, ItemListForm, descriptions_text
from .models import ItemList

VIEW = "inspections.view_itemlist"


def _detail_url(item_list: ItemList) -> str:
    return reverse("inspections:itemlist", args=[item_list.pk])


@needs(VIEW)  # out of scope: 404, as for a missing list
def itemlist_detail(request, pk: int):
    user = request.user
    item_list = selectors_items.list_for(user, pk)
    context = {
        "item_list": item_list,
        "items": selectors_items.items_of(item_list),
        "statuses": ListStatus,
        "may_change": services_items.may_change(user, item_list),
        "may_publish": services_items.may_publish(user, item_list),
        "may_copy": services_items.may_copy(user, item_list),
    }
    return render(request, "inspections/items/detail.html", context)


@needs("inspections.add_itemlist")
def itemlist_create(request):
    if not services_items.may_add(request.user):
        raise Forbidden("您无权起草检查事项清单。")
    form = ItemListForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item_list = call_service(
            form, services_items.itemlist_create, actor=request.user, data=form.cleaned_data
        )
        if item_list is not None:
            messages.success(request, "清单草稿已建立，请添加检查事项。")
            return redirect(_detail_url(item_list))
    return _form_page(request, form, "起草检查事项清单", reverse("inspections:itemlists"))


@needs("inspections.change_itemlist")
def itemlist_edit(request, pk: int):
    item_list = _draft(request, pk)
    initial = {"title": item_list.title, "note": item_list.note}
    form = ItemListForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        done = call_service(
            form,
            services_items.itemlist_update,
            actor=request.user,
            item_list=item_list,
            data=form.cleaned_data,
        )
        if done is not None:
            messages.success(request, "已保存。")
            return redirect(_detail_url(item_list))
    return _form_page(request, form, "修改清单", _detail_url(item_list), item_list)


def _draft(request, pk: int) -> ItemList:
    """A list the user sees and may change; a published one is refused with the reason."""
    item_list = selectors_items.list_for(request.user, pk)
    if not services_items.may_change(request.user, item_list):
        if item_list.status != ListStatus.DRAFT:
            raise Invalid("已发布的清单不能修改，请先生成新版本再修改。")
        raise Forbidden("您无权修改这份清单。")
    return item_list


def _form_page(request, form, title: str, back: str, item_list: ItemList | None = None):
    context = {"form": form, "title": title, "back_url": back, "item_list": item_list}
    return render(request, "inspections/items/form.html", context)


def _item_data(form) -> tuple[dict, list]:
    data = {k: v for k, v in form.cleaned_data.items() if k != "descriptions"}
    return data, services_items.parse_descriptions(form.cleaned_data["descriptions"])


@needs("inspections.change_itemlist")
def item_create(request, pk: int):
    item_list = _draft(request, pk)
    form = ItemForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        item = call_service(
            form, _add_item, actor=request.user, item_list=item_list, submitted=form
        )
        if item is not None:
            messages.success(request, f"已添加事项 {item.code}。")
            return redirect(_detail_url(item_list) + f"#item-{item.pk}")
    return _form_page(request, form, "添加检查事项", _detail_url(item_list), item_list)


def _add_item(*, actor, item_list: ItemList, submitted):
    data, descriptions = _item_data(submitted)
    return services_items.item_add(
        actor=actor, item_list=item_list, data=data, descriptions=descriptions
    )


def _update_item(*, actor, item, submitted):
    data, descriptions = _item_data(submitted)
    return services_items.item_update(actor=actor, item=item, data=data, descriptions=descriptions)


@needs("inspections.change_itemlist")
def item_edit(request, pk: int):
    item = selectors_items.item_for(request.user, pk)
    item_list = _draft(request, item.item_list_id)
    initial = {name: getattr(item, name) for name in services_items.ITEM_FIELDS}
    initial["descriptions"] = descriptions_text(item)
    form = ItemForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        done = call_service(form, _update_item, actor=request.user, item=item, submitted=form)
        if done is not None:
            messages.success(request, f"已保存事项 {item.code}。")
            return redirect(_detail_url(item_list) + f"#item-{item.pk}")
    return _form_page(request, form, f"修改检查事项 {item.code}", _detail_url(item_list), item_list)


@require_POST
@needs("inspections.publish_itemlist")
def itemlist_publish(request, pk: int):
    item_list = selectors_items.list_for(request.user, pk)
    services_items.itemlist_publish(actor=request.user, item_list=item_list)
    messages.success(request, "清单已发布；同一行业的上一版本已被替代。")
    return redirect(_detail_url(item_list))


@require_POST
@needs("inspections.add_itemlist")
def itemlist_new_version(request, pk: int):
    item_list = selectors_items.list_for(request.user, pk)
    draft = services_items.itemlist_new_version(actor=request.user, item_list=item_list)
    messages.success(request, f"已生成第 {draft.version} 版草稿，修改后发布即替代现行版本。")
    return redirect(_detail_url(draft))


@needs("inspections.change_itemlist")
def itemlist_import(request, pk: int):
    item_list = _draft(request, pk)
    page = import_page(
        records_items.item_import(item_list),
        template="records/import.html",
        success_url=_detail_url(item_list),
        context={
            "title": str(item_list),
            "template_url": reverse("inspections:itemlist-import-template", args=[pk]),
            "back_url": _detail_url(item_list),
        },
    )
    return page(request)


@needs("inspections.change_itemlist")
def itemlist_import_template(request, pk: int):
    _draft(request, pk)
    return template_response(records_items.LAYOUT)


@needs(VIEW)
def itemlist_export(request, pk: int):
    item_list = selectors_items.list_for(request.user, pk)
    return export_response(records_items.EXPORT, request.user, {"item_list": item_list.pk})


def public_items(request):
    """检查事项清单（公开）: every published list with its items and legal basis; open to all."""
    industry = request.GET.get("industry") or ""
    lists = selectors_items.public_lists()
    if industry in ItemIndustry.values:
        lists = lists.filter(industry=industry)
    chosen = list(lists)
    items = selectors_items.published_items().filter(item_list__in=[x.pk for x in chosen])
    by_list: dict[int, list] = {x.pk: [] for x in chosen}
    for item in items:
        by_list[item.item_list_id].append(item)
    names = selectors_items.issuer_names(chosen)
    for x in chosen:
        x.issuer = names.get(x.region_code, "")
    context = {
        "lists": [(x, by_list[x.pk]) for x in chosen],
        "industries": ItemIndustry.choices,
        "industry": industry,
    }
    return render(request, "inspections/items/public.html", context)
