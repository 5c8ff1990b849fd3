"""The verdict scale is defined once (claims.models.VerdictChoice): its colours are one CSS
class family with exactly one class per value, and every page shows verdicts through it."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.template import Context, Template

from claims.models import VerdictChoice

CSS = Path(__file__).resolve().parents[1] / "claims" / "static" / "claims" / "app.css"
VERDICT_RULE = re.compile(r"^\.v-([a-z_]+)\s*\{", re.MULTILINE)


def test_the_stylesheet_has_one_colour_class_per_verdict_and_no_other_family():
    css = CSS.read_text(encoding="utf-8")
    assert sorted(VERDICT_RULE.findall(css)) == sorted(VerdictChoice.values)
    assert not re.search(r"\.(tl|fill|mb)-(" + "|".join(VerdictChoice.values) + r")\b", css)


@pytest.mark.parametrize("verdict", VerdictChoice.values)
def test_every_verdict_badge_uses_the_one_family(verdict):
    html = Template("{% load claims_tags %}{{ v|verdict_badge }}").render(Context({"v": verdict}))
    assert f'class="badge verdict v-{verdict}"' in html
    assert VerdictChoice(verdict).label in html
