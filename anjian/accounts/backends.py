"""Permissions from roles: a role is a set of permission codes the security administrator edits."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(role__user_links__user=user_obj)

    def get_user_permissions(self, user_obj, obj=None):
        return set()  # per-user grants are not used: everything goes through roles

    def get_all_permissions(self, user_obj, obj=None):
        """Role permissions only; unlike Django's default, `is_superuser` grants nothing."""
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            rows = self._get_group_permissions(user_obj).values_list(
                "content_type__app_label", "codename"
            )
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache
