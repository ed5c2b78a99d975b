"""Shared building blocks: database base, permissions, Markdown, mail, jobs, i18n."""
