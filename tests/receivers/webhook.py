"""A real HTTP receiver for the webhook tests. It checks the Helpfirst-Signature header exactly as
the README tells a receiver to (the same code), answers 500 to the first --fail requests, and
stores each verified delivery it accepted as NNNN.json in --dir. Prints "ready <port>".
"""

import argparse
import hashlib
import hmac
import json
import os
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


# --- the README's verification snippet -------------------------------------------------------
def verify(secret: str, header: str, body: bytes, tolerance: int = 300) -> bool:
    """True when `header` (Helpfirst-Signature) signs `body` with `secret`, made recently."""
    fields = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    timestamp, signature = fields.get("t", ""), fields.get("v1", "")
    if not timestamp.isdigit() or abs(time.time() - int(timestamp)) > tolerance:
        return False
    signed = timestamp.encode() + b"." + body
    expected = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected, signature)
# ----------------------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--fail", type=int, default=0)
    args = parser.parse_args()
    state = {"requests": 0, "stored": 0}

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state["requests"] += 1
            if not verify(args.secret, self.headers.get("Helpfirst-Signature", ""), body):
                self.send_response(401)
                self.end_headers()
                return
            if state["requests"] <= args.fail:
                self.send_response(500)
                self.end_headers()
                return
            state["stored"] += 1
            path = os.path.join(args.dir, "%04d.json" % state["stored"])
            record = {
                "idempotency_key": self.headers.get("Idempotency-Key"),
                "body": json.loads(body),
            }
            with open(path + ".tmp", "w") as out:
                json.dump(record, out)
            os.rename(path + ".tmp", path)
            self.send_response(200)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("ready %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
