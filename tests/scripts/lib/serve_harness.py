"""Starts and stops `abp serve` for the script tests, and talks HTTP to it.

Only the standard library: http.client for well-formed requests, raw sockets for the ones no
client library would send. Every server is started on port 0 (the ready line on standard
output says which port it got) and stopped with SIGTERM, and must then exit 0.
"""
import http.client
import os
import signal
import socket
import subprocess
import time
import urllib.parse


class Server:
    """`with Server(abp, file, "--write") as s:` runs `abp serve --port 0 ... FILE`."""

    def __init__(self, abp, file, *args, env=None, host="127.0.0.1"):
        self.abp, self.file, self.args, self.host = abp, file, list(args), host
        self.env = {k: v for k, v in os.environ.items() if k not in ("ABP_TOKEN", "ABP_FILE")}
        self.env.update(env or {})
        self.process = None
        self.port = None
        self.log_path = None

    def start(self):
        self.log = open(f"{self.file}.serve-{time.monotonic_ns()}.log", "w+b")
        self.log_path = self.log.name
        command = [self.abp, "serve", "--port", "0", "--host", self.host, *self.args, self.file]
        self.process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=self.log,
                                        env=self.env)
        line = self.process.stdout.readline().decode()
        if not line.startswith("abp: serving "):
            self.process.wait(5)
            raise AssertionError(f"no ready line: {line!r}; stderr: {self.stderr()}")
        self.port = int(line.rstrip().rstrip("/").rsplit(":", 1)[1])
        self.ready_line = line
        return self

    def stop(self, sig=signal.SIGTERM, timeout=15):
        """Stops the server with `sig`; returns its exit status."""
        if self.process.poll() is None:
            self.process.send_signal(sig)
        try:
            return self.process.wait(timeout)
        finally:
            self.process.stdout.close()

    def __enter__(self):
        return self.start()

    def __exit__(self, kind, value, trace):
        status = self.stop()
        if kind is None:
            assert status == 0, f"abp serve exited {status} after SIGTERM; stderr: {self.stderr()}"

    def stderr(self):
        with open(self.log_path, "rb") as f:
            return f.read().decode(errors="replace")

    def alive(self):
        return self.process.poll() is None

    def request(self, method, path, body=None, headers=None, timeout=30):
        """Returns (status, headers as a dict with lower-case names, body bytes)."""
        connection = http.client.HTTPConnection(self.host_for_url(), self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return (response.status, {k.lower(): v for k, v in response.getheaders()},
                    response.read())
        finally:
            connection.close()

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, fields, headers=None):
        body = urllib.parse.urlencode(fields) if isinstance(fields, dict) else fields
        all_headers = {"Content-Type": "application/x-www-form-urlencoded"}
        all_headers.update(headers or {})
        return self.request("POST", path, body=body, headers=all_headers)

    def host_for_url(self):
        return "127.0.0.1" if self.host in ("0.0.0.0", "localhost") else self.host

    def raw(self, data, timeout=10, read=True):
        """Sends `data` on a new connection and returns what comes back until it closes."""
        with socket.create_connection((self.host_for_url(), self.port), timeout=timeout) as s:
            s.sendall(data)
            if not read:
                return b""
            chunks = []
            try:
                while True:
                    chunk = s.recv(65536)
                    if not chunk:
                        break
                    chunks.append(chunk)
            except (ConnectionResetError, socket.timeout):
                pass
            return b"".join(chunks)


def status_of(raw_response):
    """The status code of a raw HTTP response, or None."""
    first = raw_response.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) > 1 and first[1].isdigit() else None


def quote(text):
    return urllib.parse.quote(text, safe="")


class Checks:
    """Collects failures so one run reports all of them."""

    def __init__(self):
        self.failures = []
        self.count = 0

    def check(self, condition, what):
        self.count += 1
        if not condition:
            self.failures.append(what)
            print(f"FAIL: {what}")

    def equal(self, got, want, what):
        self.check(got == want, f"{what}: got {got!r}, want {want!r}")

    def finish(self, name):
        if self.failures:
            print(f"{name}: {len(self.failures)} of {self.count} checks failed")
            raise SystemExit(1)
        print(f"{name}: all {self.count} checks passed")
