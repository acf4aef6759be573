"""System checks for what a deployment must have beside the code."""

from pathlib import Path

from django.conf import settings
from django.core.checks import Warning, register


@register()
def front_end_installed(app_configs, **kwargs):
    dirs = [entry if isinstance(entry, Path) else entry[1] for entry in settings.STATICFILES_DIRS]
    missing = [str(path) for path in dirs if not path.exists()]
    if not missing:
        return []
    return [
        Warning(
            "前端依赖未安装（缺少 node_modules 中的目录）。",
            hint="运行 `npm ci` 或 `make run`。缺少：" + "，".join(missing),
            id="anjian.W001",
        )
    ]
