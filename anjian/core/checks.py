"""System checks for what a deployment must have beside the code."""

from django.core.checks import Warning, register

from .staticfiles import missing_vendor_files


@register()
def front_end_installed(app_configs, **kwargs):
    missing = missing_vendor_files()
    if not missing:
        return []
    return [
        Warning(
            "前端依赖未安装，或缺少页面使用的文件（node_modules）。",
            hint="运行 `npm ci` 或 `make run`；升级前端包后核对 VENDOR_STATIC。缺少："
            + "，".join(missing),
            id="anjian.W001",
        )
    ]
