import time

from django.core.management.base import BaseCommand

from anjian.core import tick


class Command(BaseCommand):
    help = "运行一次定时任务（逾期标记、提醒、审计链封存等）。幂等，可与自身并发运行。"

    def add_arguments(self, parser):
        parser.add_argument("--only", nargs="*", help="只运行这些任务")
        parser.add_argument(
            "--every", type=int, default=0, help="每隔 N 秒循环运行（开发服务器用）"
        )

    def handle(self, *args, only=None, every=0, **options):
        while True:
            for result in tick.run(only):
                if result.error:
                    self.stderr.write(f"{result.name}: 失败 {result.error}")
                elif result.ran and options["verbosity"] > 1:
                    self.stdout.write(f"{result.name}: {result.count}")
                elif not result.ran and options["verbosity"] > 1:
                    self.stdout.write(f"{result.name}: 正在由另一进程运行，跳过")
            if not every:
                return
            time.sleep(every)
