"""Production settings pass Django's deployment checklist with no warning."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_it_passes_check_deploy_with_no_warnings() -> None:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "DJANGO_ALLOWED_HOSTS": "trellis.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_it_refuses_to_start_without_a_real_secret_key() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.prod", "DJANGO_SECRET_KEY": "short"}
    result = subprocess.run(
        [sys.executable, "manage.py", "check"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_hashes_passwords_with_argon2_in_production() -> None:
    # The test settings hash with MD5 for speed, so the production hasher is checked under its own settings.
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    }
    hash_one = (
        "from django.contrib.auth.hashers import check_password, make_password; "
        "encoded = make_password('a staff password of some length'); "
        "print(encoded.split('$')[:2], check_password('a staff password of some length', encoded))"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", hash_one],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    # (the shell may first say how many objects it imported)
    assert result.stdout.strip().splitlines()[-1] == "['argon2', 'argon2id'] True"


def test_production_never_skips_the_second_factor_whatever_the_environment_says() -> None:
    # given an environment that asks for the demo's shortcut and debug mode
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.prod",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
        "TRELLIS_DEMO_SKIP_SECOND_FACTOR": "1",
        "DJANGO_DEBUG": "1",
    }
    probe = (
        "import django; django.setup(); from django.conf import settings; from trellis.accounts import mfa; "
        "print(mfa.demo_skip_on(), settings.TRELLIS_MFA_TRUST_UNMARKED_SESSIONS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    # then production settings neither skip the step nor trust a session no login form marked
    assert result.stdout.split() == ["False", "False"], result.stderr
