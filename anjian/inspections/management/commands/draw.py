"""`anjian draw verify <id>` / `anjian draw verify --file draw.json`: re-run a published 双随机
draw from its published inputs and seed, and say whether it matches; exit code 0 or 1."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from anjian.inspections import selectors_draws


class Command(BaseCommand):
    help = (
        "双随机抽取：verify 按公布的输入和种子重算一次抽取并与公布的结果比对；"
        "可给出抽取的编号或 id，或用 --file 给出从公开页面下载的 JSON 文件（无需数据库）。"
    )

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["verify"])
        parser.add_argument("draw", nargs="?", default="", help="抽取的 id 或公开编号")
        parser.add_argument("--file", default="", help="公开页面下载的抽取数据（JSON）")

    def handle(self, *args, action, draw, file, **options):
        record = self._from_file(file) if file else self._from_database(draw)
        outcome = selectors_draws.verify_published(record)
        if not outcome.ok:
            self.stderr.write(outcome.explanation)
            for reason in outcome.reasons:
                self.stderr.write(f"  - {reason}")
            sys.stderr.flush()
            raise CommandError("抽取核验未通过。", returncode=1)
        self.stdout.write(f"OK {record.get('number', '')}：{outcome.explanation}")

    def _from_file(self, path: str) -> dict:
        try:
            return json.loads(Path(path).read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, ValueError) as error:
            raise CommandError(f"无法读取抽取数据文件 {path}：{error}") from None

    def _from_database(self, key: str) -> dict:
        if not key:
            raise CommandError("请给出抽取的 id 或公开编号，或用 --file 给出 JSON 文件。")
        from anjian.inspections.models import Draw

        found = Draw.objects.filter(number=key).first()
        if found is None and key.isdigit():
            found = Draw.objects.filter(pk=int(key)).first()
        if found is None:
            raise CommandError(f"没有编号或 id 为 {key} 的抽取。")
        return selectors_draws.public_record(found)
