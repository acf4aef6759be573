from django.core.management.base import BaseCommand

from anjian.accounts.models import Role
from anjian.accounts.seeds import DEMO_ACCOUNTS
from anjian.core.management.commands.seed import demo_password


class Command(BaseCommand):
    help = "列出演示账号与密码。"

    def handle(self, *args, **options):
        password, _ = demo_password()
        names = dict(Role.objects.values_list("code", "name"))
        self.stdout.write(f"演示账号（密码均为：{password}）")
        for username, name, role, _, _ in DEMO_ACCOUNTS:
            self.stdout.write(f"  {username:<14}{name:<8}{names.get(role, role)}")
