"""Who is asking, and what they may see: the web app's access layer (thin, gradio-side).

Why a proxy service: every handler in app.py and app_drafting.py reads
``service.answerer``, ``service.catalog``, ``service.passages`` … at call
time. Handing them a service that resolves, on each attribute access, to the
logged-in user's library-scoped view (``MeetingsService.scoped``) means no
handler needs to know about users, and none can forget to filter. The user
comes from Gradio's per-request context (``gr.Request.username``, set by the
login), so it is the server's word, never something the browser sends.

Also here: the login callable (users file + per-user backoff), a middleware
that backs off failed logins per client address, and the binding rule.
"""

from __future__ import annotations

import json
import logging

from assistant.input_check import check_question
from assistant.users import LoginThrottle, Role
from meetings_errors import ConfigError, InputError

log = logging.getLogger(__name__)

AUTH_MESSAGE = "会议记录助手：请用管理员分配的用户名和密码登录。多次输错后需等待片刻再试。"
OPEN_NOTICE = ("⚠️ 未启用登录（没有设置 MEETINGS_AUTH_FILE）：本机上的任何人都能打开本页并查看全部"
               "会议记录。多人使用请先用 `meetings user add` 建立用户。")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def current_request():
    from gradio.context import LocalContext

    return LocalContext.request.get(None)


def current_username() -> str | None:
    """The logged-in user of the request being handled (None: no login, or not in a request)."""
    req = current_request()
    return getattr(req, "username", None) if req is not None else None


class UserScopedService:
    """The service as the current request's user may see it.

    Outside a request (start-up, seeding) and when the app has no users file it
    is the whole service; a logged-in user gets their libraries (admins: all);
    a name no longer in the users file gets an empty view.
    """

    def __init__(self, base, users=None) -> None:
        self.base = base
        self.users = users

    def scope(self):
        if self.users is None or current_request() is None:
            return self.base
        user = self.users.get(current_username())
        if user is None:
            return self.base.scoped(frozenset())
        # Editors upload into their first library; readers get a read-only view.
        upload = user.libraries[0] if user.role is Role.EDITOR and user.libraries else None
        return self.base.scoped(user.allowed_libraries(), upload)

    def __getattr__(self, name: str):
        value = getattr(self.scope(), name)
        if name == "ingestor":  # uploads from the 资料库 tab are audited under the user
            return AuditedIngestor(value, self.base.audit, current_username())
        if name == "docs":  # a report deleted from the 资料库 tab: its docs record goes
            return AuditedDocs(value, self.base.audit, current_username())
        return value


class AuditedDocs:
    """The docs store as the web app sees it: deleting a report record is audited.

    Ingest runs write through the ingestor's own store reference, so only the
    资料库 tab's delete passes here."""

    def __init__(self, docs, audit, user: str | None) -> None:
        self._docs, self._audit, self._user = docs, audit, user

    def __getattr__(self, name: str):
        return getattr(self._docs, name)

    def delete(self, ids: list[str]) -> None:
        gone = self._docs.get(ids)
        self._docs.delete(ids)
        for h in gone:
            self._audit.deleted(self._user, h.metadata.get("library", "default"),
                                h.metadata.get("source", ""), "web:library")


class AuditedIngestor:
    """An ingestor whose writing runs are recorded as ``upload``/``delete`` audit events."""

    def __init__(self, ingestor, audit, user: str | None) -> None:
        self._ingestor, self._audit, self._user = ingestor, audit, user

    def __getattr__(self, name: str):  # indexes, options
        return getattr(self._ingestor, name)

    def ingest(self, *args, **kwargs):
        report = self._ingestor.ingest(*args, **kwargs)
        if not kwargs.get("dry_run"):
            self._audit.ingested(self._user, self._ingestor.options.library, report.results,
                                 "web:library")
        return report


def refusal(service, question: str | None, via: str) -> str | None:
    """The message for a question that must not be searched (and audit it), else None."""
    try:
        check_question(question, service.settings.max_question_chars)
    except InputError as e:
        service.audit.refused(current_username(), question or "", str(e), via)
        return str(e)
    return None


def check_binding(host: str, users, allow_open: bool) -> None:
    """Refuse to serve every report to the network by accident, or a login nobody can pass.

    Without a users file only loopback is allowed, unless ``--allow-open`` says so;
    a users file that is missing or empty is an error, not a locked-out app.
    """
    if users is not None and not users.load():
        raise ConfigError(f"MEETINGS_AUTH_FILE={users.path} has no users: add one with "
                          "`meetings user add NAME --role admin`")
    if users is None and host not in LOOPBACK and not allow_open:
        raise ConfigError(
            f"refusing to listen on {host} without a users file: anyone who can reach it "
            "could read every report. Set MEETINGS_AUTH_FILE (see `meetings user add`), "
            "or pass --allow-open to serve it open on purpose")


def make_auth(service, throttle: LoginThrottle):
    """Gradio's ``auth=`` callable: the users file, with backoff per user name."""
    users, audit = service.users, service.audit

    def auth(username: str, password: str) -> bool:
        key = f"user:{username}"
        if throttle.wait(key) > 0:
            audit.record("login", username, ok=False, reason="throttled")
            return False
        ok = users.authenticate(username, password) is not None
        (throttle.succeeded if ok else throttle.failed)(key)
        audit.record("login", username, ok=ok)
        return ok

    return auth


class LoginThrottleMiddleware:
    """ASGI middleware: back off failed POST /login per client address.

    Gradio's auth callable is not given the address, so failures are counted
    here from the response status (400 = wrong credentials) and a throttled
    address gets 429 without its password being checked.
    """

    def __init__(self, app, throttle: LoginThrottle) -> None:
        self.app = app
        self.throttle = throttle

    async def __call__(self, scope, receive, send):
        if scope.get("type") != "http" or scope.get("method") != "POST" or \
                scope.get("path", "").rstrip("/") != "/login":
            return await self.app(scope, receive, send)
        key = f"ip:{(scope.get('client') or ('?',))[0]}"
        wait = self.throttle.wait(key)
        if wait > 0:
            body = json.dumps({"detail": f"登录失败次数过多，请 {int(wait) + 1} 秒后再试。"},
                              ensure_ascii=False).encode("utf-8")
            await send({"type": "http.response.start", "status": 429,
                        "headers": [(b"content-type", b"application/json; charset=utf-8"),
                                    (b"retry-after", str(int(wait) + 1).encode())]})
            await send({"type": "http.response.body", "body": body})
            return None
        status: list[int] = []

        async def watch(message):
            if message["type"] == "http.response.start":
                status.append(message["status"])
            await send(message)

        await self.app(scope, receive, watch)
        if status and status[0] == 400:
            self.throttle.failed(key)
        elif status and status[0] < 400:
            self.throttle.succeeded(key)
        return None


def access_banner(gr, service) -> None:
    """Who may use this app: an open-app warning, or a logout link when logins are on."""
    if service.users is None:
        gr.Markdown(OPEN_NOTICE, elem_id="open-notice")
    else:
        gr.Button("退出登录", link="/logout", size="sm", elem_id="logout", scale=0)
