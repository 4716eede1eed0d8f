"""Virtual users: each a thread with its own cookie jar and keep-alive connections, signing in
through the sign-in page, reading its pages and writing, each write carrying a unique token.

Every request is recorded as a `Hit`; bench/soak/report.py turns them into the figures.
"""

import datetime
import http.client
import random
import threading
import time
import urllib.parse
from dataclasses import dataclass
from http.cookies import SimpleCookie

from bench.soak.data import PASSWORD, Member
from bench.soak.forms import form_posting_to

LOGIN = "/accounts/login/"
ANSWERS = ["learned_1", "learned_2", "learned_3", "action_1", "action_2", "never_forget"]


@dataclass
class Hit:
    user: int
    start: float  # seconds since the run began
    latency: float
    node: str
    method: str
    page: str
    status: int  # 0: the connection failed
    kind: str = ""  # what a POST wrote: notes, step, reflection, draft, meeting
    token: str = ""
    acknowledged: bool = False
    token_in_page: bool = False
    session_lost: bool = False


@dataclass
class Answer:
    status: int
    location: str
    body: str


class Browser:
    """One person's browser: cookies, and one keep-alive connection per address it talks to."""

    def __init__(self, number: int, ports: list[int], node_names: dict[str, str]):
        # A loopback address of its own, so sign-in throttling counts people, not the machine.
        self.source = f"127.0.{1 + number // 250}.{2 + number % 250}"
        self.ports = ports
        self.node_names = node_names
        self.turn = number % len(ports)
        self.connections: dict[int, http.client.HTTPConnection] = {}
        self.cookies: dict[str, str] = {}

    def _connection(self, port: int) -> http.client.HTTPConnection:
        if port not in self.connections:
            self.connections[port] = http.client.HTTPConnection(
                "127.0.0.1", port, timeout=60, source_address=(self.source, 0)
            )
        return self.connections[port]

    def send(self, method: str, path: str, data: dict | None = None) -> tuple[Answer, str]:
        """The answer, and the node that gave it."""
        # Alternating clients (no load balancer): each request goes to the next node in turn.
        port = self.ports[self.turn]
        self.turn = (self.turn + 1) % len(self.ports)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection = self._connection(port)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", errors="replace")
        except (OSError, http.client.HTTPException):
            connection.close()
            return Answer(0, "", ""), self.node_names.get(str(port), str(port))
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        upstream = response.headers.get("X-Soak-Upstream", "")
        node = (
            self.node_names.get(upstream.split(",")[-1].strip().rsplit(":", 1)[-1])
            if upstream
            else None
        )
        return (
            Answer(response.status, response.headers.get("Location", ""), text),
            node or self.node_names.get(str(port), str(port)),
        )


class VirtualUser:
    def __init__(self, member: Member, browser: Browser, hits: list, t0: float, seed: int):
        self.member = member
        self.browser = browser
        self.hits = hits
        self.t0 = t0
        self.rng = random.Random(seed)
        self.signed_in = False
        self.written = 0
        self.meetings_scheduled = 0

    def request(self, method: str, path: str, data=None, page="", **write) -> Answer:
        start = time.monotonic()
        answer, node = self.browser.send(method, path, data)
        lost = self.signed_in and LOGIN in answer.location
        hit = Hit(
            self.member.number,
            start - self.t0,
            time.monotonic() - start,
            node,
            method,
            page or path,
            answer.status,
            session_lost=lost,
            **write,
        )
        if method == "POST" and write.get("token"):
            hit.acknowledged = 200 <= answer.status < 300 or (
                300 <= answer.status < 400 and LOGIN not in answer.location
            )
            hit.token_in_page = answer.status == 503 and write["token"] in answer.body
        self.hits.append(hit)
        if lost:
            self.signed_in = False
        return answer

    def sign_in(self, deadline: float) -> None:
        while not self.signed_in and time.monotonic() < deadline:
            page = self.request("GET", LOGIN, page="sign-in page")
            form = form_posting_to(page.body, LOGIN, LOGIN) if page.status == 200 else None
            if form is not None:
                form.fields |= {"login": self.member.email, "password": PASSWORD}
                answer = self.request("POST", LOGIN, form.fields, page="sign in")
                self.signed_in = answer.status == 302 and LOGIN not in answer.location
            if not self.signed_in:
                time.sleep(1)

    def run(self, deadline: float) -> None:
        # People arrive over the first seconds rather than all in the same instant.
        time.sleep(self.rng.uniform(0, 5))
        actions = [
            (self.read, 12),
            (self.write_notes, 2),
            (self.write_step, 2),
            (self.write_reflection, 2),
            (self.write_draft, 2),
            (self.schedule_meeting, 1),
        ]
        functions, weights = zip(*actions, strict=True)
        while time.monotonic() < deadline:
            if not self.signed_in:
                self.sign_in(deadline)
                continue
            self.rng.choices(functions, weights)[0]()
            time.sleep(self.rng.uniform(0.5, 2.0))

    def read(self) -> None:
        pair = self.member.pair
        path, label = self.rng.choice(
            [
                ("/", "home"),
                (f"/mentorships/{pair}/", "pair page"),
                (f"/mentorships/{pair}/meetings/", "meetings"),
                (f"/mentorships/{pair}/action-plan/", "action plan"),
            ]
        )
        self.request("GET", path, page=label)

    def _token(self) -> str:
        self.written += 1
        return f"soak{self.member.number:02d}x{self.written:03d}{self.rng.randrange(16**4):04x}"

    def _write(self, kind: str, page: str, action_ends: str, fill) -> None:
        """Open the form, change it as `fill` says, send it, and follow the redirect."""
        opened = self.request("GET", page, page=f"{kind} form")
        if opened.status != 200:
            return
        form = form_posting_to(opened.body, page, action_ends)
        if form is None:
            raise RuntimeError(f"no form posting to …{action_ends} on {page}")
        token = self._token()
        fill(form, token)
        answer = self.request("POST", form.action, form.fields, page=kind, kind=kind, token=token)
        if 300 <= answer.status < 400 and answer.location and LOGIN not in answer.location:
            self.request("GET", urllib.parse.urlsplit(answer.location).path, page=f"after {kind}")

    def write_notes(self) -> None:
        member = self.member
        page = f"/mentorships/{member.pair}/meetings/{member.upcoming_meeting}/"

        def fill(form, token):
            form.fields["notes"] = f"{form.fields.get('notes', '')} {token}".strip()

        self._write("notes", page, "/notes/", fill)

    def write_step(self) -> None:
        def fill(form, token):
            for name in form.fields:
                if name.endswith("-what"):
                    form.fields[name] = f"Practise the huddle {token}"
                elif name.endswith("-target_on"):
                    form.fields[name] = (
                        datetime.date.today() + datetime.timedelta(days=30)
                    ).isoformat()

        self._write(
            "step", f"/mentorships/{self.member.pair}/action-plan/", "/goals/1/mentee/steps/", fill
        )

    def write_reflection(self) -> None:
        member = self.member
        page = f"/mentorships/{member.pair}/meetings/{member.held_meeting}/reflection/"
        answer = ANSWERS[self.written % len(ANSWERS)]

        def fill(form, token):
            form.fields[answer] = f"{form.fields.get(answer, '')} {token}".strip()

        self._write("reflection", page, "/reflection/", fill)

    def write_draft(self) -> None:
        def fill(form, token):
            form.fields["success"] = f"{form.fields.get('success', '')} {token}".strip()

        page = f"/mentorships/{self.member.pair}/agreement/edit/"
        self._write("draft", page, "/agreement/edit/", fill)

    def schedule_meeting(self) -> None:
        """A new meeting, which emails the mentor: the token is its place, in the email."""
        self.meetings_scheduled += 1
        starts = datetime.datetime.now() + datetime.timedelta(days=7 + self.meetings_scheduled)

        def fill(form, token):
            form.fields |= {
                "starts_at": starts.strftime("%Y-%m-%dT%H:%M"),
                "length_minutes": "45",
                "place": token,
            }
            for name, values in form.choices.items():
                form.fields[name] = values[0]

        self._write(
            "meeting", f"/mentorships/{self.member.pair}/meetings/new/", "/meetings/new/", fill
        )


def run_users(users: list[VirtualUser], deadline: float) -> None:
    threads = [threading.Thread(target=user.run, args=(deadline,), daemon=True) for user in users]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=max(1, deadline - time.monotonic() + 90))
