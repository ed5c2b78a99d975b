"""Proeftuin pages."""
