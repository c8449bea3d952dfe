"""Log one fact check through the admin in Chromium and count page loads, activations and wall time. By hand:

    .venv/bin/python bench/admin_walk.py            # a fresh SQLite database in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cc_bench_walk .venv/bin/python bench/admin_walk.py

It migrates the database, adds an editor and two sources, starts `manage.py runserver` on 127.0.0.1 (DEBUG=1,
so static files are served) and walks the same fact check twice (a new claimant, a claim, two citations of
existing sources, a verdict, sent to review):

- "separate pages": the path the desk had before #18: the claimant made in the "+" popup, the claim saved,
  then the verdict added on its own page and sent to review from the verdict list's action.
- "one page": the claim page today: the claimant typed in "or a new claimant", verdict and citations in the same
  page, "Save and send to review".

Page loads count every document load in any window (popups included); activations count clicks and the
Enter/Space presses that act as a click (a button, a link, a choice in a list); typing is not counted. Wall time
includes the server on this shared machine: quote ratios from one run.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "bench walk password"  # noqa: S105 (a throwaway user in a temporary database)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Walk:
    def __init__(self, context) -> None:
        self.loads = 0
        self.activations = 0
        context.on("page", self._watch)

    def _watch(self, page) -> None:
        page.on("load", lambda _page: self._loaded())

    def _loaded(self) -> None:
        self.loads += 1

    def click(self, page, selector: str) -> None:
        self.activations += 1
        page.click(selector)

    def press(self, page, key: str) -> None:
        self.activations += 1
        page.keyboard.press(key)


def tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise RuntimeError(f"{selector} not reachable with Tab")


def choose_source(walk: Walk, page, row: int, query: str) -> None:
    tab_to(page, f"#claim_sources-{row} .field-source .select2-selection")
    walk.press(page, "Enter")
    page.keyboard.type(query)
    page.wait_for_selector(".select2-results__option--highlighted:not(.loading-results)")
    walk.press(page, "Enter")


def log_in(walk: Walk, page, base: str, next_url: str) -> None:
    page.goto(f"{base}/admin/login/?next={next_url}")
    page.fill("#id_username", "bench-editor")
    page.fill("#id_password", PASSWORD)
    with page.expect_navigation():
        walk.press(page, "Enter")


def fill_citations(walk: Walk, page) -> None:
    choose_source(walk, page, 0, "federation")
    tab_to(page, "#id_claim_sources-0-role")
    page.keyboard.type("Supports")
    tab_to(page, "#claim_sources-group .add-row a")
    walk.press(page, "Enter")
    choose_source(walk, page, 1, "registration")
    tab_to(page, "#id_claim_sources-1-role")
    page.keyboard.type("Refutes")


def walk_separate_pages(walk: Walk, page, base: str, n: int) -> None:
    page.goto(f"{base}/admin/claims/claim/add/")
    walk.loads += 0
    page.fill("#id_text", f"Separate-pages claim {n}.")
    with page.expect_popup() as popup_info:
        walk.click(page, "#add_id_claimant")
    popup = popup_info.value
    popup.wait_for_load_state()
    popup.fill("#id_name", f"Claimant popup {n}")
    popup.fill("#id_slug", f"claimant-popup-{n}")
    walk.click(popup, "input[name=_save]")
    page.wait_for_function("() => document.querySelector('#id_claimant').value !== ''")
    fill_citations(walk, page)
    walk.click(page, "#claim_form input[name=_save]")
    page.wait_for_selector("#changelist")
    walk.click(page, "a[href$='/admin/claims/verdict/add/']") if page.locator(
        "a[href$='/admin/claims/verdict/add/']"
    ).count() else page.goto(f"{base}/admin/claims/verdict/add/")
    page.wait_for_selector("#verdict_form")
    page.click("#verdict_form .field-claim .select2-selection")
    walk.activations += 1
    page.keyboard.type(f"Separate-pages claim {n}")
    page.wait_for_selector(".select2-results__option--highlighted:not(.loading-results)")
    walk.press(page, "Enter")
    page.select_option("#id_rating", label="False")
    walk.activations += 1
    page.fill("#id_conclusion", "No such rule was announced.")
    page.select_option("#id_next_step", value="submit")
    walk.activations += 1
    walk.click(page, "#verdict_form input[name=_save]")
    page.wait_for_selector("#changelist")


def walk_one_page(walk: Walk, page, base: str, n: int) -> None:
    page.goto(f"{base}/admin/claims/claim/add/")
    tab_to(page, "#id_text")
    page.keyboard.type(f"One-page claim {n}.")
    tab_to(page, "#id_new_claimant_name")
    page.keyboard.type(f"Claimant typed {n}")
    tab_to(page, "#id_verdict-0-rating")
    page.keyboard.type("False")
    tab_to(page, "#id_verdict-0-conclusion")
    page.keyboard.type("No such rule was announced.")
    fill_citations(walk, page)
    tab_to(page, "input[name=_save_send_review]")
    walk.press(page, "Enter")
    page.wait_for_selector("#changelist")


def main() -> None:
    from playwright.sync_api import sync_playwright

    workdir = Path(tempfile.mkdtemp(prefix="admin_walk_"))
    env = {
        **os.environ,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench-only"),
        "DEBUG": "1",
        "SECURE_SSL_REDIRECT": "0",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{workdir / 'walk.sqlite3'}"),
    }
    python = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*python, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    setup = (
        "from django.contrib.auth.models import Group, User;"
        "from claims.models import Source;"
        "u, _ = User.objects.get_or_create(username='bench-editor', defaults={'is_staff': True});"
        f"u.set_password({PASSWORD!r}); u.save(); u.groups.add(Group.objects.get(name='Editors'));"
        "Source.objects.get_or_create(url='https://example.org/federation', "
        "defaults={'title': 'Marathon federation statement'});"
        "Source.objects.get_or_create(url='https://example.org/registrations', "
        "defaults={'title': 'Registration list of runners'})"
    )
    subprocess.run([*python, "shell", "-c", setup], env=env, check=True, cwd=ROOT)
    port = free_port()
    server = subprocess.Popen(
        [*python, "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.2)
        results = []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium")
            n = int(time.time())
            for name, steps in (("separate pages", walk_separate_pages), ("one page", walk_one_page)):
                context = browser.new_context(viewport={"width": 1280, "height": 900})
                page = context.new_page()
                walk = Walk(context)
                page.on("load", lambda _page, w=walk: w._loaded())
                log_in(walk, page, base, "/admin/")
                walk.loads, walk.activations = 0, 0
                started = time.perf_counter()
                try:
                    steps(walk, page, base, n)
                    page.wait_for_load_state("load")
                except Exception:
                    print(page.url, page.title(), page.inner_text("body")[:1500], file=sys.stderr)
                    raise
                elapsed = time.perf_counter() - started
                results.append((name, walk.loads, walk.activations, elapsed))
                context.close()
            browser.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
    print(f"{'walk':<16} {'page loads':>10} {'activations':>11} {'wall s':>7}")
    for name, loads, activations, elapsed in results:
        print(f"{name:<16} {loads:>10} {activations:>11} {elapsed:>7.1f}")


if __name__ == "__main__":
    main()
