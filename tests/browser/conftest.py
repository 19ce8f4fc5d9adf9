"""Browser tests: the real app served by uvicorn on a loopback port, driven by Playwright in Debian's
Chromium (/usr/bin/chromium; `python3 tasks.py test` installs it). Without Chromium these tests skip, except
with CI=true, where they fail. Screenshots go to tests/artifacts/screenshots/."""

import contextlib
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, Playwright, Route, sync_playwright

from app.config import Settings
from app.db import accounts
from app.db.migrate import upgrade
from app.db.session import Database
from app.main import create_app
from app.screening.pipeline import Resources
from app.security.passwords import hash_password
from app.seeding import seed
from tests.conftest import PASSWORD, ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SCREENSHOTS = Path(os.environ.get("ARTIFACTS_DIR", ROOT / "tests" / "artifacts")) / "screenshots"
# As the machine's notes require: no first-run work, no background calls to Google's hosts.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
USERS = {"ivanova": "officer", "baitov": "supervisor"}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def browser_db(tmp_path_factory: pytest.TempPathFactory, resources: Resources) -> Iterator[Database]:
    """The served database: the two users, and seeded screenings of the last 60 days for the dashboard."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'pages.db'}"
    upgrade(url)
    db = Database(url)
    with db.transaction() as session:
        for name, role in USERS.items():
            display = {"ivanova": "Иванова А.", "baitov": "Баитов Н."}[name]
            accounts.add_user(
                session, username=name, display_name=display, role=role, password_hash=hash_password(PASSWORD)
            )
    seed(db, resources, count=150, days=60, seed=5)
    yield db
    db.dispose()


@contextlib.contextmanager
def serving(db: Database, resources: Resources, **settings: str) -> Iterator[str]:
    """The service over `db` on a free local port, in a thread; yields its address. No request or login
    limits: the suite logs in far more often a minute than any officer does."""
    port = _free_port()
    app = create_app(
        Settings(database_url=db.url, rate_limit_per_minute=0, login_per_minute=0, **settings), resources
    )
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def base_url(browser_db: Database, resources: Resources) -> Iterator[str]:
    # a photo may wait longer for the reader than OCR_WAIT_SECONDS allows at a border post: the suite's other
    # tests keep the processor busy, and these tests check the page (tests/test_ocr_parts.py the deadline)
    with serving(browser_db, resources, ocr_wait_seconds="120") as url:
        yield url


@pytest.fixture
def offline(page: Page, base_url: str) -> list[str]:
    """Requests to anywhere but the service are aborted (a border post without the internet); returns what
    was refused, with the console's content-security-policy complaints."""
    own = urlparse(base_url).netloc
    refused: list[str] = []

    def only_the_service(route: Route) -> None:
        if urlparse(route.request.url).netloc in (own, ""):
            route.continue_()
        else:
            refused.append(route.request.url)
            route.abort()

    page.route("**/*", only_the_service)
    page.on("console", lambda m: refused.append(m.text) if "Content Security Policy" in m.text else None)
    return refused


@pytest.fixture(scope="session")
def playwright_instance() -> Iterator[Playwright]:
    if not Path(CHROMIUM).exists() and not shutil.which("chromium"):
        if os.environ.get("CI") == "true":
            pytest.fail(f"Chromium is required in CI and is not at {CHROMIUM}")
        pytest.skip("Chromium not installed (python3 tasks.py test installs it)")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance: Playwright) -> Iterator[Browser]:
    b = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield b
    b.close()


@pytest.fixture
def page(browser: Browser, base_url: str) -> Iterator[Page]:
    """A fresh browser context (no cookies) on a 1366x768 laptop screen, Russian as the browser's language."""
    context = browser.new_context(viewport={"width": 1366, "height": 768}, locale="ru-RU", base_url=base_url)
    context.set_default_timeout(10_000)
    p = context.new_page()
    dialogs: list[str] = []
    p.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    p.dialogs = dialogs  # type: ignore[attr-defined]
    yield p
    context.close()


def log_in(page: Page, username: str = "ivanova") -> None:
    page.goto("/login")
    page.get_by_label("Имя пользователя").fill(username)
    page.get_by_label("Пароль").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_load_state()


def screenshot(page: Page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def no_horizontal_scroll(page: Page) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))
