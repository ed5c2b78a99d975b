"""Mixed load for `make stress` (bench/stress.py starts it; see there).

Citizens read, write and send initiatives, support and comment; staff publish what
was sent and post progress on answered initiatives. Every write carries a unique
marker in its text and, once the server has acknowledged it (the redirect that follows
a successful POST), is appended to STRESS_ACK_FILE as one JSON line. Every failed
request is appended to STRESS_FAIL_FILE with its time and status, so that stress.py
can tell errors during the PostgreSQL restart (must be 503) from the others.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re
import threading
import time
import uuid

from locust import HttpUser, between, events, task

ZONE = os.environ.get("STRESS_ZONE", "meetjesland")
PASSWORD = os.environ.get("STRESS_PASSWORD", "burgerplatform")
ACK_FILE = os.environ.get("STRESS_ACK_FILE", "stress-acks.jsonl")
FAIL_FILE = os.environ.get("STRESS_FAIL_FILE", "stress-failures.jsonl")
STAFF_EMAIL = os.environ.get("STRESS_STAFF", f"staff.{ZONE}@example.org")

TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')
DRAFT_KEY = re.compile(r'name="draft_key"[^>]*value="([^"]*)"')
INITIATIVE_LINK = re.compile(rf'href="/{ZONE}/initiatives/(\d+)"')
_citizens = itertools.count(1)
_lock = threading.Lock()  # gevent-safe enough: writes are short and line-buffered


def _append(path: str, record: dict) -> None:
    with _lock, open(path, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


def acknowledge(kind: str, **fields) -> None:
    _append(ACK_FILE, {"kind": kind, "t": time.time(), **fields})


@events.request.add_listener
def record_failure(request_type, name, response, exception, **_):
    if exception is None:
        return
    status = getattr(response, "status_code", 0) or 0
    headers = getattr(response, "headers", None) or {}
    _append(
        FAIL_FILE,
        {
            "t": time.time(),
            "name": name,
            "method": request_type,
            "status": status,
            # The friendly page (errors/unavailable.html) is the one 503 with Retry-After.
            "friendly_503": status == 503 and "Retry-After" in headers,
            "error": str(exception)[:200],
        },
    )


def marker(kind: str) -> str:
    return f"stress-{kind}-{uuid.uuid4().hex[:16]}"


class Visitor(HttpUser):
    abstract = True

    def token_from(self, html: str) -> str | None:
        match = TOKEN.search(html)
        return match.group(1) if match else None

    def login(self, email: str) -> None:
        # As a person would: if the login page did not come (a worker was killed, the
        # database restarted), wait a moment and open it again.
        for _attempt in range(10):
            token = self.token_from(self.client.get("/login", name="/login").text)
            if token:
                self.client.post(
                    "/login",
                    {"email": email, "password": PASSWORD, "csrf_token": token},
                    name="/login [POST]",
                )
                return
            time.sleep(1)

    def initiative_ids(self) -> list[int]:
        page = self.client.get(f"/{ZONE}/what-happened", name="/zone/what-happened")
        return [int(i) for i in INITIATIVE_LINK.findall(page.text)]

    def post_acknowledged(self, url: str, data: dict, name: str, expect: str = "") -> str | None:
        """POST; return the redirect target when the server acknowledged the write."""
        with self.client.post(
            url, data, name=name, allow_redirects=False, catch_response=True
        ) as response:
            location = response.headers.get("Location", "")
            if response.status_code in (302, 303) and expect in location:
                response.success()
                return location
            response.failure(f"not acknowledged: {response.status_code} {location}")
            return None


class Citizen(Visitor):
    weight = 12
    wait_time = between(0.5, 2.0)

    def on_start(self) -> None:
        self.email = f"burger{next(_citizens) % 150 + 1:03d}@example.org"
        self.login(self.email)

    @task(6)
    def read(self) -> None:
        ids = self.initiative_ids()
        if ids:
            self.client.get(f"/{ZONE}/initiatives/{random.choice(ids)}", name="/zone/initiative")
        self.client.get(f"/{ZONE}/", name="/zone/")

    @task(1)
    def write_initiative(self) -> None:
        page = self.client.get(f"/{ZONE}/initiatives/new", name="/zone/initiatives/new")
        token, key = self.token_from(page.text), DRAFT_KEY.search(page.text)
        if not token or not key:
            return
        text = marker("initiative")
        form = {
            "csrf_token": token,
            "draft_key": key.group(1),
            "title": f"Voorstel {text}",
            "summary": f"Korte samenvatting {text}",
            "body": f"Het voorstel in het lang. {text}",
            "affected": "",
            "ask": "",
            "action": "save",
        }
        location = self.post_acknowledged(
            f"/{ZONE}/initiatives/new", form, "/zone/initiatives/new [POST]", "/edit"
        )
        if not location:
            return
        initiative_id = int(re.search(r"/initiatives/(\d+)/edit", location).group(1))
        acknowledge("initiative", marker=text, id=initiative_id, user=self.email)
        form["action"] = "submit"
        if self.post_acknowledged(
            f"/{ZONE}/initiatives/{initiative_id}/edit", form, "/zone/initiative/edit [POST]"
        ):
            acknowledge("submitted", id=initiative_id, user=self.email)

    def open_published(self) -> tuple[int, str, str] | None:
        ids = self.initiative_ids()
        if not ids:
            return None
        initiative_id = random.choice(ids)
        page = self.client.get(f"/{ZONE}/initiatives/{initiative_id}", name="/zone/initiative")
        if f"/initiatives/{initiative_id}/comments" not in page.text:
            return None
        token = self.token_from(page.text)
        return (initiative_id, token, page.text) if token else None

    @task(2)
    def support(self) -> None:
        opened = self.open_published()
        if not opened:
            return
        initiative_id, token, html = opened
        if f"/initiatives/{initiative_id}/support" not in html or 'name="withdraw"' in html:
            return  # not supportable by this person, or supported already
        location = self.post_acknowledged(
            f"/{ZONE}/initiatives/{initiative_id}/support",
            {"csrf_token": token},
            "/zone/initiative/support [POST]",
        )
        # The page it leads to says "you support this" (a refusal redirects too).
        page = location and self.client.get(location, name="/zone/initiative")
        if page and 'name="withdraw"' in page.text:
            acknowledge("support", id=initiative_id, user=self.email)

    @task(3)
    def comment(self) -> None:
        opened = self.open_published()
        if not opened:
            return
        initiative_id, token, _html = opened
        text = marker("comment")
        if self.post_acknowledged(
            f"/{ZONE}/initiatives/{initiative_id}/comments",
            {"csrf_token": token, "body": f"Ik denk mee. {text}"},
            "/zone/initiative/comments [POST]",
            "#comment-",
        ):
            acknowledge("comment", marker=text, id=initiative_id, user=self.email)


class Staff(Visitor):
    fixed_count = 2
    wait_time = between(1.0, 3.0)

    def on_start(self) -> None:
        self.login(STAFF_EMAIL)

    def work_list(self) -> str:
        return self.client.get(f"/{ZONE}/initiatives/work", name="/zone/initiatives/work").text

    @task(2)
    def publish_what_was_sent(self) -> None:
        ids = re.findall(rf'href="/{ZONE}/initiatives/(\d+)/manage"', self.work_list())
        random.shuffle(ids)
        for initiative_id in ids[:3]:
            page = self.client.get(
                f"/{ZONE}/initiatives/{initiative_id}/manage", name="/zone/initiative/manage"
            )
            if f"/initiatives/{initiative_id}/approve" not in page.text:
                continue
            if self.post_acknowledged(
                f"/{ZONE}/initiatives/{initiative_id}/approve",
                {"csrf_token": self.token_from(page.text) or ""},
                "/zone/initiative/approve [POST]",
            ):
                acknowledge("published", id=int(initiative_id))
            return

    @task(1)
    def progress_update(self) -> None:
        ids = re.findall(rf'href="/{ZONE}/initiatives/(\d+)/manage"', self.work_list())
        random.shuffle(ids)
        for initiative_id in ids[:5]:
            page = self.client.get(
                f"/{ZONE}/initiatives/{initiative_id}/manage", name="/zone/initiative/manage"
            )
            if f"/initiatives/{initiative_id}/progress" not in page.text:
                continue
            text = marker("progress")
            if self.post_acknowledged(
                f"/{ZONE}/initiatives/{initiative_id}/progress",
                {
                    "csrf_token": self.token_from(page.text) or "",
                    "text": f"Stand van zaken. {text}",
                    "on": time.strftime("%Y-%m-%d", time.gmtime()),
                    "percent": str(random.randint(0, 100)),
                },
                "/zone/initiative/progress [POST]",
            ):
                acknowledge("progress", marker=text, id=int(initiative_id))
            return
