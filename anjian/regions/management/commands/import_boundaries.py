"""anjian import_boundaries FILE --user NAME: region and grid boundaries from a GeoJSON file."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from anjian.core.errors import DomainError
from anjian.regions import boundaries, services


class Command(BaseCommand):
    help = "从 GeoJSON 文件导入区划与网格边界（按区划代码或网格编码，全部导入或全部不导入）。"

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="GeoJSON FeatureCollection 文件")
        parser.add_argument(
            "--user", required=True, help="以哪位系统管理员的名义导入（记入审计日志）"
        )

    def handle(self, *args, file: Path, user: str, **options):
        actor = get_user_model().objects.filter(username__iexact=user, is_active=True).first()
        if actor is None:
            raise CommandError(f"用户“{user}”不存在或已停用。")
        try:
            collection = boundaries.read(file.read_bytes())
            counts = services.boundaries_import(actor=actor, collection=collection)
        except OSError as exc:
            raise CommandError(f"无法读取文件：{exc.strerror or exc}") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        except DomainError as exc:
            lines = [exc.message, *(e["message"] for e in exc.details.get("errors", []))]
            raise CommandError("\n".join(lines)) from exc
        self.stdout.write(f"已导入 {counts['regions']} 个区划、{counts['grids']} 个网格的边界。")
