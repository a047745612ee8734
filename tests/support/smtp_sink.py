"""A real SMTP server for markd's integration tests (aiosmtpd, Debian's
python3-aiosmtpd), run with /usr/bin/python3. Each message it accepts is
written to --dir as one JSON file (written whole, then renamed): the
envelope, whether TLS and AUTH were used, and the message as parsed by
Python's email package (subject and body decoded), beside the raw bytes.
Prints "listening PORT" once ready; runs until killed.

usage: smtp_sink.py --dir DIR [--port N] [--cert PEM --key PEM [--implicit-tls]]
                    [--auth USER:PASSWORD] [--no-starttls]
With --cert and --key the server offers STARTTLS (or, with --implicit-tls,
speaks TLS from the first byte: SMTPS); with --auth it requires AUTH, which
aiosmtpd accepts only over TLS.
"""
import argparse
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import sys
import threading

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Sink:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8", "surrogateescape")
        msg = email.message_from_bytes(raw, policy=email.policy.default)
        body = msg.get_body(preferencelist=("plain",))
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            # STARTTLS sets session.ssl; implicit TLS (SMTPS) shows only on
            # the transport.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(getattr(session, "authenticated", False)),
            "subject": str(msg["subject"] or ""),
            "message_id": str(msg["message-id"] or ""),
            "to": str(msg["to"] or ""),
            "from": str(msg["from"] or ""),
            "date": str(msg["date"] or ""),
            "notice": str(msg["x-anshin-mark-notice"] or ""),
            "content_type": msg.get_content_type(),
            "charset": msg.get_content_charset() or "",
            "body": body.get_content() if body is not None else "",
            "raw": raw.decode("utf-8", "replace"),
        }
        with self.lock:
            self.count += 1
            name = "%06d" % self.count
        tmp = os.path.join(self.folder, name + ".tmp")
        with open(tmp, "w", encoding="utf-8") as f:
            json.dump(record, f, ensure_ascii=False)
        os.rename(tmp, os.path.join(self.folder, name + ".json"))
        return "250 Message accepted for delivery"


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--implicit-tls", action="store_true")
    p.add_argument("--auth")
    a = p.parse_args()
    os.makedirs(a.dir, exist_ok=True)
    port = a.port or free_port()
    kwargs = {}
    context = None
    if a.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(a.cert, a.key)
    if a.auth:
        user, password = a.auth.split(":", 1)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                and auth_data.password.decode() == password
            return AuthResult(success=ok)

        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=True)
    if context is not None and a.implicit_tls:
        controller = Controller(Sink(a.dir), hostname="127.0.0.1", port=port, ssl_context=context,
                                server_hostname="localhost", **kwargs)
    else:
        if context is not None:
            kwargs.update(tls_context=context)
        controller = Controller(Sink(a.dir), hostname="127.0.0.1", port=port, **kwargs)
    controller.start()
    print("listening %d" % port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    sys.exit(main())
