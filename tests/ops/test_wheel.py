"""An IT supplier installs the built wheel, not the source tree (issue 21, item 1): the
wheel must carry the templates and the compiled catalogues, or the site is English under
`lang="nl"` or cannot show an error page at all.

The fresh virtualenv takes its dependencies from the test environment through a path file
(no downloads during the tests); the package itself comes only from the wheel, and the
commands run outside the source tree so nothing of the checkout is on the path.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    done = subprocess.run(
        [str(a) for a in args], cwd=cwd, env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    tmp = tmp_path_factory.mktemp("wheel")
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", tmp / "dist", ROOT, cwd=tmp)
    wheels = list((tmp / "dist").glob("burgerplatform-*.whl"))
    assert len(wheels) == 1
    fresh = tmp / "venv"
    venv.create(fresh, with_pip=False)
    python = fresh / "bin" / "python"
    site = Path(
        run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))", cwd=tmp).strip()
    )
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (site / "test-dependencies.pth").write_text("\n".join(deps) + "\n")
    run(
        sys.executable,
        "-m",
        "pip",
        "install",
        "-q",
        "--no-deps",
        "--target",
        site,
        wheels[0],
        cwd=tmp,
    )
    work = tmp / "site"
    work.mkdir()
    env = {
        "PATH": os.environ["PATH"],
        "HOME": str(tmp),
        "DATABASE_URL": f"sqlite:///{work / 'app.db'}",
        "SECRET_KEY": "a-test-key-that-is-long-enough-for-the-check-0123456789",
        "BASE_URL": "http://localhost",
    }
    return python, env | {"WORK": str(work)}


PROBE = """
from burgerplatform import create_app

client = create_app().test_client()
dutch = {"Accept-Language": "nl"}
home = client.get("/", headers=dutch)
print(home.status_code)
print(home.get_data(as_text=True))
missing = client.get("/no-such-zone/rounds/999999", headers=dutch)
print(missing.status_code)
print("Pagina niet gevonden" in missing.get_data(as_text=True))
"""


def test_the_built_wheel_serves_the_dutch_home_page_from_a_fresh_virtualenv(installed):
    python, env = installed
    work = Path(env["WORK"])
    where = run(
        python, "-c", "import burgerplatform; print(burgerplatform.__file__)", cwd=work, env=env
    )
    assert "/venv/lib/" in where and str(ROOT) not in where
    run(python, "-m", "flask", "--app", "burgerplatform", "db", "upgrade", cwd=work, env=env)
    (work / "probe.py").write_text(PROBE)
    page = run(python, "probe.py", cwd=work, env=env)
    status, *html, missing, error_page = page.strip().splitlines()
    assert status == "200"
    assert missing == "404"
    assert error_page == "True", error_page  # errors/error.html, in Dutch
    html = "\n".join(html)
    assert '<html lang="nl"' in html
    assert "Inloggen" in html or "Aanmelden" in html
    assert "Log in<" not in html
    # The instance folder (database, uploads) is where the supplier runs it, not site-packages.
    assert not (Path(where).parent.parent / "instance").exists()


def test_the_worker_runs_from_the_built_wheel(installed):
    python, env = installed
    work = Path(env["WORK"])
    run(python, "-m", "flask", "--app", "burgerplatform", "db", "upgrade", cwd=work, env=env)
    out = run(
        python, "-m", "flask", "--app", "burgerplatform", "worker", "--once", cwd=work, env=env
    )
    assert "jobs run" in out
