import json
import sys

from django.core.management.base import BaseCommand, CommandError

from anjian.core import audit
from anjian.core.dbroles import grant_statements


class Command(BaseCommand):
    help = "审计链：verify 校验、seal 封存、head 输出链头、grants 输出 PostgreSQL 授权脚本。"

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal", "head", "grants"])
        parser.add_argument("--role", default="anjian_app", help="grants：应用使用的数据库角色")

    def handle(self, *args, action, role, **options):
        if action == "seal":
            self.stdout.write(f"已封存 {audit.seal_pending()} 条审计事件。")
        elif action == "head":
            self.stdout.write(json.dumps(audit.head(), ensure_ascii=False))
        elif action == "grants":
            self.stdout.write("\n".join(grant_statements(role)))
        else:
            audit.seal_pending()
            report = audit.verify()
            if not report.ok:
                self.stderr.write(report.message)
                sys.stderr.flush()
                raise CommandError(f"审计链校验失败（事件 #{report.event_id}）。")
            self.stdout.write(report.message)
