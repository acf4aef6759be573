import getpass
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from anjian.accounts.choices import AdminKind
from anjian.accounts.models import Role, User, UserRole
from anjian.accounts.roles import ensure_builtin_roles
from anjian.core import audit


class Command(BaseCommand):
    help = (
        "创建一个管理员账号（系统、安全或审计管理员）。系统不带任何默认账号："
        "首批管理员只能由此命令在服务器上创建，首次登录须修改密码并绑定双因素认证。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--username", required=True)
        parser.add_argument("--kind", required=True, choices=AdminKind.values)
        parser.add_argument("--name", default="")

    def handle(self, *args, username, kind, name, **options):
        ensure_builtin_roles()
        if User.objects.filter(username__iexact=username).exists():
            raise CommandError(f"用户名“{username}”已存在。")
        password = os.environ.get("ANJIAN_BOOTSTRAP_PASSWORD") or self._ask()
        role = Role.objects.get(admin_kind=kind)
        with transaction.atomic():
            user = User(
                username=username,
                display_name=name or role.name,
                must_change_password=True,
                password_changed_at=timezone.now(),
            )
            user.set_password(password)
            user.save()
            UserRole(user=user, role=role).save()
            audit.record("account.bootstrap", obj=user, after={"role": role.code})
        self.stdout.write(f"已创建{role.name}“{username}”。首次登录须修改密码并绑定双因素认证。")

    def _ask(self) -> str:
        first = getpass.getpass("密码：")
        if first != getpass.getpass("再次输入密码："):
            raise CommandError("两次输入的密码不一致。")
        return first
