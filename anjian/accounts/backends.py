"""Permissions from roles: a role is a set of permission codes the security administrator edits."""

from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import Permission


class RoleBackend(ModelBackend):
    def _get_group_permissions(self, user_obj):
        return Permission.objects.filter(role__user_links__user=user_obj)

    def get_user_permissions(self, user_obj, obj=None):
        return set()  # per-user grants are not used: everything goes through roles
