"""The command line, run as a real subprocess against a fresh SQLite file."""

import os
import shutil
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

from sqlalchemy import create_engine, text

from app.db.models import utcnow
from app.rules.loader import RULES_DIR
from app.security.keys import hash_key
from app.security.passwords import verify_password

ROOT = Path(__file__).resolve().parents[1]


def run_cli(*args: str, db: Path, stdin: str | None = None, **extra: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", **extra}
    return subprocess.run(
        [sys.executable, "-m", "app", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        input=stdin,
    )


def test_migrate_then_keys_create_prints_the_key_last(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    migrated = run_cli("migrate", db=db)
    assert migrated.returncode == 0, migrated.stderr
    created = run_cli("keys", "create", "--role", "officer", "--name", "Torugart desk 1", db=db)
    assert created.returncode == 0, created.stderr
    key = created.stdout.strip().splitlines()[-1]
    assert key.startswith("psk_") and len(key) > 40
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT role, name, key_hash FROM api_keys")).one()
    engine.dispose()
    assert (row.role, row.name, row.key_hash) == ("officer", "Torugart desk 1", hash_key(key))
    listed = run_cli("keys", "list", db=db)
    assert "Torugart desk 1" in listed.stdout and key not in listed.stdout


def test_unknown_role_is_refused(tmp_path: Path) -> None:
    r = run_cli("keys", "create", "--role", "root", "--name", "x", db=tmp_path / "cli.db")
    assert r.returncode != 0
    assert "invalid choice" in r.stderr


def test_keys_expire_and_revoke(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    created = run_cli("keys", "create", "--role", "system", "--name", "temp", "--expires-days", "7", db=db)
    assert created.returncode == 0, created.stderr
    assert "valid until" in created.stdout
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        key_id, expires = conn.execute(text("SELECT id, expires_at FROM api_keys")).one()
    assert expires is not None
    revoked = run_cli("keys", "revoke", key_id, db=db)
    assert revoked.returncode == 0 and key_id in revoked.stdout
    with engine.connect() as conn:
        assert conn.execute(text("SELECT revoked_at FROM api_keys")).scalar_one() is not None
    engine.dispose()
    assert "revoked" in run_cli("keys", "list", db=db).stdout
    missing = run_cli("keys", "revoke", "no-such-id", db=db)
    assert missing.returncode == 1 and "no key" in missing.stderr


def test_users_create_list_disable_and_password(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    args = ("users", "create", "--role", "officer", "--name", "asanov", "--full-name", "Асанов Б.")
    created = run_cli(*args, "--password-stdin", db=db, stdin="a long enough pass\n")
    assert created.returncode == 0, created.stderr
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        row = conn.execute(text("SELECT username, display_name, role, password_hash FROM users")).one()
    assert row[:3] == ("asanov", "Асанов Б.", "officer")
    assert row.password_hash.startswith("$argon2id$")
    assert verify_password(row.password_hash, "a long enough pass")
    again = run_cli(*args, "--password-stdin", db=db, stdin="another long pass\n")
    assert again.returncode == 1 and "exists already" in again.stderr
    short = run_cli(
        "users", "create", "--role", "officer", "--name", "b", "--password-stdin", db=db, stdin="short\n"
    )
    assert short.returncode == 2 and "at least" in short.stderr
    system = run_cli(
        "users", "create", "--role", "system", "--name", "c", "--password-stdin", db=db, stdin="x" * 12
    )
    assert system.returncode != 0 and "invalid choice" in system.stderr  # machines use API keys
    assert run_cli("users", "disable", "asanov", db=db).returncode == 0
    assert "disabled" in run_cli("users", "list", db=db).stdout
    changed = run_cli(
        "users", "password", "asanov", "--password-stdin", db=db, stdin="a brand new password\n"
    )
    assert changed.returncode == 0
    with engine.connect() as conn:
        new_hash = conn.execute(text("SELECT password_hash FROM users")).scalar_one()
    engine.dispose()
    assert verify_password(new_hash, "a brand new password")


def _audit(db: Path) -> list[tuple[str, str, str]]:
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        rows = conn.execute(
            text("SELECT actor_kind, action, target_kind FROM audit_events ORDER BY id")
        ).all()
    engine.dispose()
    return [tuple(r) for r in rows]


def test_administration_from_the_command_line_is_audited(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    key_id = run_cli("keys", "create", "--role", "system", "--name", "audit me", db=db).stdout.split()[3]
    assert run_cli("keys", "revoke", key_id, db=db).returncode == 0
    run_cli(
        "users",
        "create",
        "--role",
        "officer",
        "--name",
        "kim",
        "--password-stdin",
        db=db,
        stdin="x" * 12 + "\n",
    )
    assert run_cli("users", "disable", "kim", db=db).returncode == 0
    assert run_cli("users", "enable", "kim", db=db).returncode == 0
    assert (
        run_cli("users", "password", "kim", "--password-stdin", db=db, stdin="y" * 12 + "\n").returncode == 0
    )
    assert _audit(db) == [
        ("cli", "key.create", "api_key"),
        ("cli", "key.revoke", "api_key"),
        ("cli", "user.create", "user"),
        ("cli", "user.disable", "user"),
        ("cli", "user.enable", "user"),
        ("cli", "user.password", "user"),
    ]


def test_seed_then_purge_bodies(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    seeded = run_cli("seed", "--count", "40", "--days", "30", "--seed", "2", db=db)
    assert seeded.returncode == 0, seeded.stderr
    assert seeded.stdout.startswith("seeded ")
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT COUNT(DISTINCT reference) FROM screenings")).scalar_one()
        reviews = conn.execute(text("SELECT COUNT(*) FROM reviews")).scalar_one()
        old = conn.execute(
            text("SELECT COUNT(*) FROM screenings WHERE screened_at < :t"),
            {"t": str(utcnow() - timedelta(days=10)).replace("+00:00", "")},
        ).scalar_one()
    engine.dispose()
    assert stored == 40 and f"{reviews} inspection results" in seeded.stdout
    assert run_cli("seed", "--count", "5", "--seed", "2", db=db).returncode == 1  # once per seed
    purged = run_cli("purge-bodies", "--days", "10", db=db)
    assert purged.stdout.startswith(f"removed the request bodies of {old} screenings"), purged.stdout
    assert 0 < old < 50


def test_serve_refuses_several_workers_on_sqlite(tmp_path: Path) -> None:
    """One process writes a SQLite file: more than one worker is refused before anything starts."""
    r = run_cli("serve", "--workers", "2", "--port", "1", db=tmp_path / "one.db")
    assert r.returncode == 2
    assert "2 workers on SQLite" in r.stderr and "PostgreSQL" in r.stderr
    assert not (tmp_path / "one.db").exists()  # not even migrated
    assert run_cli("serve", "--workers", "0", db=tmp_path / "one.db").returncode == 2


def test_reload_makes_the_files_the_deployments_data_and_refuses_broken_ones(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    first = run_cli("reload", db=db)
    assert first.returncode == 0, first.stderr
    assert "(serial 1; was none)" in first.stdout
    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules, ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    with (rules / "thresholds.yaml").open("a", encoding="utf-8") as f:
        f.write("\n# edited\n")
    second = run_cli("reload", db=db, RULES_DIR=str(rules))
    assert second.returncode == 0, second.stderr
    assert "(serial 2; was " in second.stdout
    (rules / "rules.yaml").write_text("rules: [\n", encoding="utf-8")
    broken = run_cli("reload", db=db, RULES_DIR=str(rules))
    assert broken.returncode == 1 and "failed validation" in broken.stderr
    engine = create_engine(f"sqlite:///{db}")
    with engine.connect() as conn:
        active = conn.execute(text("SELECT version, serial, previous FROM active_data")).one()
        kept = conn.execute(text("SELECT COUNT(*) FROM data_versions")).scalar()
        audited = text("SELECT COUNT(*) FROM audit_events WHERE action = 'data.reload'")
        reloads = conn.execute(audited).scalar()
    engine.dispose()
    assert active.serial == 2 and active.version in second.stdout and active.previous in second.stdout
    assert (kept, reloads) == (2, 2)
