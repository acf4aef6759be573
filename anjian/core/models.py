"""Tables of the shared machinery. Logic lives in the modules named after each table."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from .base import TimeStampedModel  # noqa: F401  (re-exported for apps)


class AuditEvent(models.Model):
    """审计事件: one recorded action. Rows are only ever inserted; the seal chain detects edits."""

    class Result(models.TextChoices):
        SUCCESS = "success", _("成功")
        FAILURE = "failure", _("失败")
        DENIED = "denied", _("拒绝")

    at = models.DateTimeField(_("时间"), db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    actor_username = models.CharField(_("用户"), max_length=150, blank=True)
    actor_role = models.CharField(_("角色"), max_length=200, blank=True)
    actor_scope = models.CharField(_("范围"), max_length=200, blank=True)
    ip = models.CharField(_("IP"), max_length=64, blank=True)
    user_agent = models.CharField(_("客户端"), max_length=300, blank=True)
    request_id = models.CharField(_("请求号"), max_length=64, blank=True)
    event_type = models.CharField(_("事件"), max_length=80, db_index=True)
    object_type = models.CharField(_("对象类型"), max_length=80, blank=True)
    object_id = models.CharField(_("对象"), max_length=64, blank=True)
    object_repr = models.CharField(_("对象名称"), max_length=200, blank=True)
    result = models.CharField(_("结果"), max_length=10, choices=Result, default=Result.SUCCESS)
    reason = models.CharField(_("原因"), max_length=500, blank=True)
    before = models.JSONField(_("修改前"), null=True, blank=True)
    after = models.JSONField(_("修改后"), null=True, blank=True)

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        indexes = [
            models.Index(fields=["object_type", "object_id"], name="audit_object_idx"),
            models.Index(fields=["actor_username", "at"], name="audit_actor_at_idx"),
        ]
        permissions = [("export_auditevent", "可导出审计日志")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.event_type} {self.actor_username}"


class AuditSeal(models.Model):
    """审计链: the chain link of one event, appended by the sealer in sequence order."""

    seq = models.BigAutoField(primary_key=True)
    event = models.OneToOneField(
        AuditEvent, on_delete=models.PROTECT, related_name="seal", db_constraint=False
    )
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    sealed_at = models.DateTimeField()

    class Meta:
        verbose_name = _("审计链节点")
        verbose_name_plural = _("审计链节点")

    def __str__(self) -> str:
        return f"seal {self.seq} → event {self.event_id}"


class TransitionRecord(models.Model):
    """流转记录: one applied workflow action on one record (who, when, from, to, why, signed)."""

    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.CharField(max_length=64)
    workflow = models.CharField(max_length=60)
    action = models.CharField(max_length=60)
    from_state = models.CharField(max_length=40)
    to_state = models.CharField(max_length=40)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(db_index=True)
    comment = models.TextField(blank=True)
    payload = models.JSONField(default=dict, blank=True)
    signature = models.ForeignKey(
        "core.Signature", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    attachments = models.ManyToManyField("core.Attachment", blank=True, related_name="+")

    class Meta:
        verbose_name = _("流转记录")
        verbose_name_plural = _("流转记录")
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"], name="transition_obj_idx")
        ]

    def __str__(self) -> str:
        return f"{self.workflow}.{self.action} {self.object_id}"


class Attachment(models.Model):
    """附件: an uploaded file, checked, stored under a generated name, served only by permission."""

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    object_id = models.CharField(max_length=64, blank=True)
    kind = models.CharField(_("用途"), max_length=30, blank=True)
    original_name = models.CharField(_("原文件名"), max_length=200)
    stored_name = models.CharField(max_length=200, unique=True)
    mime = models.CharField(max_length=100)
    size = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("附件")
        verbose_name_plural = _("附件")
        indexes = [models.Index(fields=["content_type", "object_id"], name="attachment_obj_idx")]

    def __str__(self) -> str:
        return self.original_name

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")


class Signature(models.Model):
    """签名: a signer's sign-off on a record, by account confirmation or a handwritten image."""

    class Method(models.TextChoices):
        ACCOUNT = "account", _("账号确认签名")
        HANDWRITTEN = "handwritten", _("手写签名")

    signer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    signer_name = models.CharField(_("签名人"), max_length=150)
    role = models.CharField(_("身份"), max_length=100, blank=True)
    signed_at = models.DateTimeField(_("签名时间"))
    method = models.CharField(_("方式"), max_length=20, choices=Method)
    image = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    statement = models.CharField(_("签署内容"), max_length=300)
    digest = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("签名")
        verbose_name_plural = _("签名")

    def __str__(self) -> str:
        return f"{self.signer_name} {self.signed_at:%Y-%m-%d %H:%M}"


class NumberSequence(models.Model):
    """文号序列: the last number issued for one document type in one year."""

    kind = models.CharField(max_length=40)
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("编号序列")
        verbose_name_plural = _("编号序列")
        constraints = [
            models.UniqueConstraint(fields=["kind", "year"], name="number_sequence_kind_year")
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year}: {self.last}"


class Notification(models.Model):
    """站内消息: an in-app message to one user; `key` makes a reminder go out only once."""

    class Level(models.TextChoices):
        INFO = "info", _("通知")
        WARNING = "warning", _("提醒")
        DANGER = "danger", _("警告")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    title = models.CharField(_("标题"), max_length=200)
    body = models.TextField(_("内容"), blank=True)
    link = models.CharField(_("链接"), max_length=300, blank=True)
    level = models.CharField(max_length=10, choices=Level, default=Level.INFO)
    key = models.CharField(max_length=200, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("站内消息")
        verbose_name_plural = _("站内消息")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread_idx")]
        constraints = [
            models.UniqueConstraint(fields=["recipient", "key"], name="notification_once_per_key")
        ]

    def __str__(self) -> str:
        return self.title


class TickLock(models.Model):
    """定时任务锁: which periodic hook is running, so two ticks never run one hook at once."""

    name = models.CharField(max_length=100, primary_key=True)
    locked_until = models.DateTimeField(null=True, blank=True)
    last_started = models.DateTimeField(null=True, blank=True)
    last_finished = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("定时任务锁")
        verbose_name_plural = _("定时任务锁")

    def __str__(self) -> str:
        return self.name


class ExpertAssignment(models.Model):
    """专家指派: a record an expert is assigned to (experts see only those)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    assigned_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("专家指派")
        verbose_name_plural = _("专家指派")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "content_type", "object_id"], name="expert_assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} → {self.content_type_id}:{self.object_id}"
