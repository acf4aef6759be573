from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anjian.core import audit
from anjian.core.backup import BackupError
from anjian.core.restore import restore


class Command(BaseCommand):
    help = "恢复：核对备份归档的校验和，恢复到空数据库与空附件目录，再比对行数并只读校验审计链。"

    def add_arguments(self, parser):
        parser.add_argument("archive", help="`anjian backup` 写出的归档文件")

    def handle(self, *args, archive, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"找不到备份文件：{path}")
        try:
            result = restore(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        audit.record(
            "system.restore",
            username="命令行",
            object_type="backup",
            object_id=path.name[:64],
            result="success" if result.chain.ok else "failure",
            reason="" if result.chain.ok else result.chain.message,
            after={"rows": result.rows, "media": result.media},
        )
        if not result.chain.ok:
            self.stderr.write(result.chain.message)
            raise CommandError("数据已恢复，但审计链校验未通过，请勿投入使用。")
        self.stdout.write(
            f"已恢复 {result.rows} 行数据、{result.media} 个附件；行数与清单一致，"
            f"附件校验和一致。{result.chain.message}"
        )
