"""A real SMTP server for the handoff tests (aiosmtpd): stores each message it accepts as
NNNN.json (envelope, headers, decoded text and HTML parts, whether TLS and AUTH were used) in
--dir, parsed by Python's own e-mail package so the test does not trust our encoder.

Modes: plain, starttls (STARTTLS required), tls (implicit TLS). With --user and --password,
AUTH is required. Prints "ready" once it accepts connections; runs until killed.
"""

import argparse
import email
import email.policy
import json
import os
import ssl
import time

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


class Store:
    def __init__(self, folder):
        self.folder = folder
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        parts = {}
        for part in message.walk():
            if part.get_content_maintype() == "text":
                # Lines end in CRLF on the wire; the tests read them as text.
                parts[part.get_content_subtype()] = part.get_content().replace("\r\n", "\n")
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "headers": {name.lower(): str(value) for name, value in message.items()},
            "text": parts.get("plain", ""),
            "html": parts.get("html", ""),
            "tls": session.ssl is not None
            or server.transport.get_extra_info("ssl_object") is not None,
            "login": getattr(session, "test_login", None),
        }
        self.count += 1
        path = os.path.join(self.folder, "%04d.json" % self.count)
        with open(path + ".tmp", "w") as out:
            json.dump(record, out)
        os.rename(path + ".tmp", path)
        return "250 OK stored"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--mode", choices=["plain", "starttls", "tls"], default="plain")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    options = {}
    if args.mode != "plain":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        if args.mode == "starttls":
            options.update(tls_context=context, require_starttls=True)
        else:
            options.update(ssl_context=context)
    if args.user:
        def authenticator(server, session, envelope, mechanism, auth_data):
            good = (
                isinstance(auth_data, LoginPassword)
                and auth_data.login.decode() == args.user
                and auth_data.password.decode() == args.password
            )
            if good:
                session.test_login = args.user
            return AuthResult(success=good)

        # Implicit TLS is encrypted from the first byte; aiosmtpd only knows about STARTTLS.
        options.update(
            authenticator=authenticator,
            auth_required=True,
            auth_require_tls=args.mode == "starttls",
        )
    controller = Controller(Store(args.dir), hostname="127.0.0.1", port=args.port, **options)
    controller.start()
    print("ready", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
