"""A web process never loads the extraction pipeline (spaCy is hundreds of MB per process).

Run in a fresh interpreter: the test session itself has spaCy loaded by other tests.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Serves a page and an API request as a signed-in editor, over an in-memory database, then
# reports which heavy modules the process holds.
SERVE_AND_REPORT = """
import sys
# The engine (spaCy) and claim matching's encoder and vector index (numpy, tokenizers, usearch).
HEAVY = ("spacy", "thinc", "torch", "numpy", "tokenizers", "usearch", "onnxruntime")
import django
django.setup()
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
from claims.roles import role_group

setup_test_environment()
call_command("migrate", verbosity=0, interactive=False)
call_command("createcachetable", verbosity=0)
user = get_user_model().objects.create_user("editor", password="pw-for-this-test-only")
user.groups.add(role_group("editors"))
client = Client()
client.force_login(user)
statuses = [client.get(path).status_code for path in ("/", "/quotes/", "/api/quotes/")]
print(statuses, sorted(m for m in HEAVY if m in sys.modules))
"""


def _serve_in_fresh_process() -> str:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "factcheck.settings",
        "DATABASE_URL": "sqlite://:memory:",
    }
    env.pop("REDIS_URL", None)
    done = subprocess.run(
        [sys.executable, "-c", SERVE_AND_REPORT],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip().splitlines()[-1]


def test_serving_a_page_and_an_api_request_leaves_spacy_unloaded():
    assert _serve_in_fresh_process() == "[200, 200, 200] []"


def test_importing_the_result_types_leaves_spacy_unloaded():
    code = (
        "import sys, claims.extraction, claims.extraction.types;"
        "claims.extraction.FoundQuote;"
        "assert 'spacy' not in sys.modules, 'spacy imported'"
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def test_the_pipeline_still_loads_on_first_use():
    code = "import sys, claims.extraction as e; e.extract; assert 'spacy' in sys.modules"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
