import sys

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from anjian.core import audit, audit_verify
from anjian.core.dbroles import grant_statements


class Command(BaseCommand):
    help = (
        "审计链：verify 只读校验（可用 --head 对照已发布的链头）、seal 封存、"
        "head 输出签名的链头供发布、grants 输出 PostgreSQL 授权脚本。"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify", "seal", "head", "grants"])
        parser.add_argument("--role", default="anjian_app", help="grants：应用使用的数据库角色")
        parser.add_argument(
            "--head", default="", help="verify：此前发布的链头（`audit head` 输出的一整行）"
        )

    def handle(self, *args, action, role, head, **options):
        if action == "seal":
            self.stdout.write(f"已封存 {audit.seal_pending()} 条审计事件。")
        elif action == "head":
            current = audit.head()
            sealed_at = timezone.localtime(current.sealed_at).isoformat(timespec="seconds")
            self.stderr.write(
                f"审计链头：序号 {current.seq}，事件 #{current.event_id}，封存于 {sealed_at}。"
                "请将下一行原样发布（值班日志或报送上级），校验时用 --head 传入。"
            )
            self.stdout.write(audit.publish_head(current))
        elif action == "grants":
            self.stdout.write("\n".join(grant_statements(role)))
        else:
            self._verify(head)

    def _verify(self, head: str) -> None:
        try:
            published = audit.parse_head(head) if head else None
        except audit.HeadError as exc:
            raise CommandError(str(exc)) from exc
        report = audit_verify.verify(published)
        if not report.ok:
            self.stderr.write(report.message)
            sys.stderr.flush()
            raise CommandError(f"审计链校验失败（首个问题：事件 #{report.event_id}）。")
        self.stdout.write(report.message)
