import json
from pathlib import Path

from django.core.management.base import BaseCommand
from django.db import connection
from django.utils.module_loading import autodiscover_modules

from anjian.core import bench


class Command(BaseCommand):
    help = "运行各模块登记的基准测试场景（make bench 调用）。--report 汇总多个结果文件为一张表。"

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, default=0, help="数据规模（仅记录）")
        parser.add_argument("--repeat", type=int, default=50)
        parser.add_argument("--only", nargs="*")
        parser.add_argument("--json", help="把结果写入此 JSON 文件")
        parser.add_argument("--report", nargs="*", help="汇总这些 JSON 结果文件并打印")

    def handle(self, *args, scale, repeat, only, json: str | None, report, **options):
        if report:
            self._print([row for path in report for row in _load(path)])
            return
        autodiscover_modules("benchmarks")
        ctx = bench.BenchContext(vendor=connection.vendor, scale=scale, repeat=repeat)
        rows = []
        for name, fn in sorted(bench.scenarios().items()):
            if only and name not in only:
                continue
            for figure in fn(ctx):
                rows.append({"db": ctx.vendor, "scale": scale, **figure.as_dict()})
        if json:
            Path(json).parent.mkdir(parents=True, exist_ok=True)
            Path(json).write_text(_dumps(rows))
        self._print(rows)

    def _print(self, rows):
        header = f"{'数据库':<10}{'规模':>8}  {'场景':<28}"
        header += f"{'p50':>12}{'p95':>12}{'下限':>12}  {'比值':>6}"
        self.stdout.write(header)
        for r in rows:
            unit = r["unit"]
            self.stdout.write(
                f"{r['db']:<12}{r['scale']:>8}  {r['scenario']:<28}{r['p50']:>10} {unit:<4}"
                f"{r['p95']:>8}{r['floor']:>12}  {r['ratio']:>6}  {r.get('detail', '')}"
            )


def _load(path: str):
    return json.loads(Path(path).read_text())


def _dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
