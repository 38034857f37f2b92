"""A stand-in for WeChat's API, for bench/accounts: the two calls `wxcard serve` makes to sign.

    POST /cgi-bin/stable_token          {"access_token": "tok-APPID-N", "expires_in": 7200}
    GET  /cgi-bin/ticket/getticket      {"errcode": 0, "ticket": "...", "expires_in": 7200}

Every answer is valid for 7200 s, so a benchmark of a few seconds fetches each token and ticket
once per account and then only signs. It counts the calls and prints them on SIGTERM, so the
benchmark can say how often the instances went to "WeChat".

    python3 bench/wechat_stub.py PORT_FILE     # binds 127.0.0.1:0, writes the port to PORT_FILE
"""

import json
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

calls = {"stable_token": 0, "getticket": 0}
lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def answer(self, status, payload):
        body = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        if url.path != "/cgi-bin/stable_token":
            return self.answer(404, {"errcode": 404, "errmsg": "not in the stub"})
        try:
            body = json.loads(raw or b"{}")
        except ValueError:
            return self.answer(200, {"errcode": 47001, "errmsg": "data format error"})
        appid = body.get("appid", "")
        if not appid or not body.get("secret"):
            return self.answer(200, {"errcode": 40013, "errmsg": "invalid appid"})
        with lock:
            calls["stable_token"] += 1
            n = calls["stable_token"]
        self.answer(200, {"access_token": f"tok-{appid}-{n}", "expires_in": 7200})

    def do_GET(self):
        url = urlsplit(self.path)
        if url.path != "/cgi-bin/ticket/getticket":
            return self.answer(404, {"errcode": 404, "errmsg": "not in the stub"})
        query = parse_qs(url.query)
        token = query.get("access_token", [""])[0]
        kind = query.get("type", [""])[0]
        if not token.startswith("tok-") or kind not in ("wx_card", "jsapi"):
            return self.answer(200, {"errcode": 40001, "errmsg": "invalid credential"})
        with lock:
            calls["getticket"] += 1
        self.answer(200, {"errcode": 0, "errmsg": "ok", "ticket": f"ticket-{kind}-{token}", "expires_in": 7200})

    def log_message(self, *args):
        pass


def main():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True

    def stop(*_):
        print(f"wechat stub: {calls['stable_token']} stable_token, {calls['getticket']} getticket calls", flush=True)
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with open(sys.argv[1] + ".tmp", "w") as f:
        f.write(str(server.server_address[1]))
    os.replace(sys.argv[1] + ".tmp", sys.argv[1])
    server.serve_forever()


if __name__ == "__main__":
    main()
