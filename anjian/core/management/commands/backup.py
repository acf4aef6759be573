from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from anjian.core import audit
from anjian.core.backup import BackupError, create


class Command(BaseCommand):
    help = "备份：数据库一致性快照、全部附件与带校验和及审计链头的清单，写成一个归档文件。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default="",
            help="归档文件或目录（默认 $ANJIAN_VAR_DIR/backups/）",
        )

    def handle(self, *args, output, **options):
        target = Path(output) if output else Path(settings.VAR_DIR) / "backups"
        if not output or target.is_dir():
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
            target = target / f"anjian-backup-{stamp}.tar.gz"
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            result = create(target)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit.record(
            "system.backup",
            username="命令行",
            object_type="backup",
            object_id=result.sha256[:16],
            after={
                "file": result.path.name,
                "sha256": result.sha256,
                "rows": result.rows,
                "media": result.media,
            },
        )
        self.stdout.write(
            f"已备份 {result.rows} 行数据、{result.media} 个附件：{result.path}\n"
            f"归档 SHA-256：{result.sha256}"
        )
