"""System checks for what a deployment must have beside the code."""

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register

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


@register(Tags.security, deploy=True)
def audit_key_configured(app_configs, **kwargs):
    from .crypto import MIN_AUDIT_KEY_LENGTH

    if len(settings.ANJIAN.get("AUDIT_KEY", "")) >= MIN_AUDIT_KEY_LENGTH:
        return []
    return [
        Error(
            "未配置审计链密钥 ANJIAN_AUDIT_KEY（至少 32 个字符）：审计事件无法封存。",
            hint="生成：python3 -c 'import secrets;print(secrets.token_urlsafe(32))'；"
            "保存在数据库以外（环境文件），并在服务器之外留存副本。",
            id="anjian.E010",
        )
    ]
