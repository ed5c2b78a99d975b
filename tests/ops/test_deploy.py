"""The Production recipe an IT supplier follows (issue 21): the systemd units and the
nginx file are checked by their own tools, and the container recipe runs the same
commands with the same environment as the systemd one."""

from __future__ import annotations

import shlex
import shutil
import subprocess
import sys
from configparser import ConfigParser
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
UNITS = sorted((DEPLOY / "systemd").glob("*.service"))
VENV_BIN = Path(sys.executable).parent


def unit(path: Path) -> ConfigParser:
    parser = ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # keys keep their case
    parser.read(path)
    return parser


def exec_start(path: Path) -> list[str]:
    words = shlex.split(unit(path)["Service"]["ExecStart"])
    return [Path(words[0]).name, *words[1:]]


def env_names(path: Path) -> set[str]:
    return {
        line.split("=", 1)[0]
        for line in path.read_text().splitlines()
        if line.strip() and not line.startswith("#")
    }


def test_there_is_a_unit_for_the_web_server_and_one_for_the_worker():
    assert [u.name for u in UNITS] == [
        "burgerplatform-web.service",
        "burgerplatform-worker.service",
    ]
    assert exec_start(UNITS[1]) == ["flask", "--app", "burgerplatform", "worker"]
    assert exec_start(UNITS[0])[0] == "gunicorn"


@pytest.mark.skipif(not shutil.which("systemd-analyze"), reason="no systemd-analyze here")
@pytest.mark.parametrize("path", UNITS, ids=lambda p: p.name)
def test_systemd_analyze_verify_accepts_each_unit(path, tmp_path):
    # The programs of the recipe's virtualenv are those of this test environment.
    text = path.read_text().replace("/opt/burgerplatform/bin/", f"{VENV_BIN}/")
    text = text.replace(
        "/etc/burgerplatform/burgerplatform.env", str(DEPLOY / "burgerplatform.env.example")
    )
    (tmp_path / path.name).write_text(text)
    done = subprocess.run(
        ["systemd-analyze", "verify", str(tmp_path / path.name)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Unknown key" not in done.stderr and "Unknown section" not in done.stderr


def _self_signed(directory: Path) -> None:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "burgers.example.be")])
    now = datetime.now(UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(now + timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    (directory / "fullchain.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (directory / "privkey.pem").write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )


NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed here")
def test_nginx_accepts_the_example_configuration(tmp_path):
    _self_signed(tmp_path)
    site = (DEPLOY / "nginx" / "burgerplatform.conf").read_text()
    site = site.replace("/etc/letsencrypt/live/burgers.example.be", str(tmp_path))
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\n"
        f"events {{}}\nhttp {{\n  access_log off;\n  include {tmp_path}/site.conf;\n}}\n"
    )
    done = subprocess.run(
        [NGINX, "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "test is successful" in done.stderr


def test_the_containers_run_the_same_commands_as_the_systemd_units():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    assert compose["web"]["command"] == exec_start(UNITS[0])
    assert compose["worker"]["command"] == exec_start(UNITS[1])
    assert compose["migrate"]["command"] == ["flask", "--app", "burgerplatform", "db", "upgrade"]


def test_the_containers_and_the_units_read_the_same_environment():
    compose = yaml.safe_load((ROOT / "compose.yaml").read_text())["services"]
    names = env_names(DEPLOY / "burgerplatform.env.example")
    for service in ("migrate", "web", "worker"):
        assert compose[service]["env_file"] == "deploy/burgerplatform.env"
        # Only the addresses of the database and Redis differ, and they exist in the file.
        assert set(compose[service]["environment"]) <= names
    for path in UNITS:
        assert unit(path)["Service"]["EnvironmentFile"] == "/etc/burgerplatform/burgerplatform.env"
    # Every variable the README's configuration table names for production is in the file.
    readme = (ROOT / "README.md").read_text()
    for name in names:
        assert f"`{name}`" in readme, f"{name} is not explained in the README"


def test_the_image_builds_where_a_container_tool_runs(tmp_path):
    docker = shutil.which("docker") or shutil.which("podman")
    if docker is None or subprocess.run([docker, "info"], capture_output=True).returncode:
        pytest.skip("no container tool with a running daemon here")
    done = subprocess.run(
        [docker, "build", "-q", "-t", "burgerplatform-test", str(ROOT)],
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert done.returncode == 0, done.stderr[-3000:]
