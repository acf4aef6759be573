"""Shared machinery: base models, audit chain, workflow, attachments, numbering, notifications."""
