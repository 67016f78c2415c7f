"""Fixtures for the browser tests: Debian's Chromium driven by Playwright against a live server."""
import os
import shutil
from pathlib import Path

import pytest

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "admin"


@pytest.fixture(scope="module")
def browser(django_db_setup, django_db_blocker):
    """One headless Chromium per module: Debian's, since Playwright's own download cannot work
    here (.ci/run installs the package)."""
    from django.db import connections
    from playwright.sync_api import sync_playwright

    if not shutil.which(CHROMIUM):
        pytest.fail(f"No Chromium at {CHROMIUM}: apt-get install chromium (or set CHROMIUM)")
    # What the migrations wrote (countries, languages, the Curators group), serialized when the
    # test database was made, restores the tables each browser test flushes (serialized_rollback).
    # Once Playwright's loop runs, Django hands this thread new connection objects, which lack it.
    serialized = {alias: connections[alias]._test_serialized_contents for alias in connections
                  if hasattr(connections[alias], "_test_serialized_contents")}
    # Playwright's sync API runs an asyncio event loop in the test's thread, and Django then refuses
    # the test's own (synchronous) database calls with SynchronousOnlyOperation. Nothing here is
    # async. The flag is set for these tests only: `check --deploy` rightly refuses it.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_playwright() as playwright:
            for alias, contents in serialized.items():
                connections[alias]._test_serialized_contents = contents
            chromium = playwright.chromium.launch(
                executable_path=CHROMIUM, args=["--no-sandbox", "--headless=new", "--disable-dev-shm-usage"],
            )
            yield chromium
            chromium.close()
    # serialized_rollback restores the data before each test, and the last test's flush leaves the
    # tables empty: restore them once more, for the tests that run after this module.
    with django_db_blocker.unblock():
        for alias, contents in serialized.items():
            connections[alias].creation.deserialize_db_from_string(contents)


@pytest.fixture
def live_catalogue(live_server, seed, settings):
    """The live server with the seed catalogue; quick password hashing for the users who log in."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    return live_server


@pytest.fixture
def page(browser, live_catalogue, request):
    """A fresh browser (no cookies) on the live server; the page it ends on is saved as a
    screenshot in test-artifacts/admin/, passed or failed."""
    context = browser.new_context(base_url=live_catalogue.url, viewport={"width": 1400, "height": 1000})
    context.set_default_timeout(20_000)
    page = context.new_page()
    yield page
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"{request.node.name}.png", full_page=True)
    context.close()
