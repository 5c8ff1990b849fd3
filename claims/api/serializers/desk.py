"""Request bodies of the reviewer's desk: assignment, checked statement, returning a draft."""

from __future__ import annotations

from rest_framework import serializers


class AssignInputSerializer(serializers.Serializer):
    reviewer = serializers.CharField(
        allow_null=True,
        max_length=150,
        help_text="Username of the reviewer to assign the claim to; null releases it.",
    )


class StatementInputSerializer(serializers.Serializer):
    statement = serializers.CharField(
        allow_blank=True,
        max_length=1000,
        help_text="The claim as checked, in clean words; empty clears it.",
    )


class ReturnInputSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=10_000, help_text="What the author should fix.")
