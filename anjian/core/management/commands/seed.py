import secrets
import time

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils.module_loading import autodiscover_modules

from anjian.core import seed


def demo_password() -> tuple[str, bool]:
    """The demo password: ANJIAN_DEMO_PASSWORD, else one generated once and kept in var/."""
    import os

    given = os.environ.get("ANJIAN_DEMO_PASSWORD")
    if given:
        return given, False
    path = settings.VAR_DIR / "demo-password.txt"
    if path.exists():
        return path.read_text().strip(), False
    password = "Aj-" + secrets.token_urlsafe(9)
    settings.VAR_DIR.mkdir(parents=True, exist_ok=True)
    path.write_text(password)
    path.chmod(0o600)
    return password, True


class Command(BaseCommand):
    help = "生成演示数据（--demo，幂等）或基准测试数据（--scale N）。不得用于生产环境。"

    def add_arguments(self, parser):
        parser.add_argument("--demo", action="store_true", help="演示城市、单位与演示账号")
        parser.add_argument("--scale", type=int, default=0, help="生成 N 家企业规模的批量数据")
        parser.add_argument("--if-empty", action="store_true", help="数据库已有用户时不做任何事")

    def handle(self, *args, demo=False, scale=0, if_empty=False, **options):
        if settings.SETTINGS_MODULE.endswith("production"):
            raise CommandError("生产环境不得生成演示数据。")
        if not demo and not scale:
            raise CommandError("请指定 --demo 或 --scale N。")
        autodiscover_modules("seeds")
        from django.contrib.auth import get_user_model

        if if_empty and get_user_model().objects.exists():
            self.stdout.write("数据库已有数据，跳过演示数据。")
            return
        password, _ = demo_password()
        ctx = seed.SeedContext(password=password, scale=scale, out=self.stdout.write)
        steps = seed.demo_steps() if demo else []
        steps += seed.scale_steps() if scale else []
        for _, name, step in steps:
            started = time.perf_counter()
            with transaction.atomic():
                step(ctx)
            self.stdout.write(f"  {name}：{time.perf_counter() - started:.1f} 秒")
        if demo:
            self.stdout.write(f"演示账号密码：{password}")
