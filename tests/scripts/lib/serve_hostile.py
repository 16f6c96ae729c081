"""Hostile requests against `abp serve` (issue 15.5): values made to break out of the page,
oversized bodies, headers and addresses, bad encodings, a client that stalls, and a flood of
connections. Each is refused with its status, and the server goes on serving others.
Run by tests/scripts/serve_hostile.sh.

usage: serve_hostile.py ABP WORKDIR
"""
import csv
import os
import selectors
import socket
import sys
import threading
import time

from serve_harness import Checks, Server, quote, status_of

abp, work = sys.argv[1], sys.argv[2]
c = Checks()

# Values of the XSS cheat-sheet kind, as author, title and publisher.
payloads = [
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg/onload=alert(1)>",
    "</title><script>alert(1)</script>",
    "javascript:alert(1)",
    "<a href=\"javascript:alert(1)\">x</a>",
    "&lt;script&gt; already escaped",
    "<style>body{display:none}</style>",
    "<iframe src=//evil.example></iframe>",
    "\u202eevil\u202c reversed",
    "--><!--",
    "x\" style=\"background:url(//evil.example)",
]
books = os.path.join(work, "hostile.csv")
with open(books, "w", newline="") as f:
    writer = csv.writer(f, lineterminator="\n")
    writer.writerow(["author", "title", "publisher"])
    for i, p in enumerate(payloads):
        writer.writerow([f"{p} author", f"{p} title {i}", f"{p} publisher"])
        writer.writerow(["Plain Author", p, "Plain Press"])

# As markup these would run or restyle something; as text (`&lt;img ... onerror=`) they cannot.
dangerous = [b"<script", b"<img", b"<svg", b"<iframe", b"<a href=\"javascript", b"\xe2\x80\xae",
             b"\" style=\"background", b"<style>body", b"--><!--"]


def shows_as_text(body, what):
    for bad in dangerous:
        c.check(bad not in body, f"{what}: {bad!r} reaches the page as markup")


with Server(abp, books, "--write") as s:
    pages = ["/", "/publishers", "/authors", "/tree", "/publisher?name=Plain%20Press",
             "/author?name=Plain%20Author", "/search?q=alert", "/search?q=" + quote(payloads[0])]
    for p in payloads:
        pages += [f"/author?name={quote(p + ' author')}", f"/publisher?name={quote(p + ' publisher')}",
                  f"/search?q={quote(p)}"]
    for path in pages:
        status, headers, body = s.get(path)
        c.equal(status, 200, f"GET {path[:60]}")
        shows_as_text(body, path[:60])
    status, headers, body = s.get("/author?name=Plain%20Author")
    c.check(b"&lt;script&gt;alert(1)&lt;/script&gt;" in body, "a payload shows as its text")
    c.check(b"\\u202eevil" in body, "a bidirectional control shows as \\u202e")
    # A refused add shows the typed values back: escaped too.
    status, headers, body = s.post("/add", {"author": payloads[1], "title": "", "publisher": "P"})
    c.equal(status, 400, "the add form refuses an empty title")
    shows_as_text(body, "the refused form")
    # A 404 for a hostile name does not echo it as markup.
    status, headers, body = s.get("/author?name=" + quote(payloads[0]))
    c.equal(status, 404, "an unknown hostile name")
    shows_as_text(body, "404 page")

    # Oversized and malformed requests: raw sockets, as no client library sends them.
    host = f"Host: 127.0.0.1:{s.port}\r\n".encode()
    ten_mb = b"a" * (10 << 20)
    post = (b"POST /api/add HTTP/1.1\r\n" + host +
            b"Content-Type: application/x-www-form-urlencoded\r\n")
    reply = s.raw(post + f"Content-Length: {len(ten_mb)}\r\n\r\n".encode() + ten_mb, timeout=30)
    c.equal(status_of(reply), 413, "a 10 MB body")
    reply = s.raw(post + f"Content-Length: {len(ten_mb)}\r\nExpect: 100-continue\r\n\r\n".encode())
    c.equal(status_of(reply), 413, "a 10 MB body announced with Expect: refused before it comes")
    chunk = b"a" * 65536
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(chunk), chunk) for _ in range(4)) + b"0\r\n\r\n"
    reply = s.raw(post + b"Transfer-Encoding: chunked\r\n\r\n" + chunked, timeout=30)
    c.equal(status_of(reply), 413, "a chunked body over 64 KiB")
    reply = s.raw(b"GET / HTTP/1.1\r\n" + host + b"X-Big: " + b"b" * (1 << 20) + b"\r\n\r\n",
                  timeout=30)
    c.check(status_of(reply) in (400, 431), f"a 1 MB header: {reply[:40]!r}")
    reply = s.raw(b"GET /search?q=" + b"u" * 100_000 + b" HTTP/1.1\r\n" + host + b"\r\n",
                  timeout=30)
    c.equal(status_of(reply), 414, "a 100 KB address")
    reply = s.raw(b"GET /search?q=a\x00b HTTP/1.1\r\n" + host + b"\r\n")
    c.equal(status_of(reply), 400, "a raw NUL in the address")
    reply = s.raw(b"GET /search?q=%E2%82 HTTP/1.1\r\n" + host + b"\r\n")
    c.equal(status_of(reply), 400, "cut UTF-8 in a parameter")
    reply = s.raw(b"BREW / HTTP/1.1\r\n" + host + b"\r\n")
    c.equal(status_of(reply), 400, "an unknown method")
    reply = s.raw(b"GARBAGE\r\n\r\n")
    c.equal(status_of(reply), 400, "not HTTP")
    reply = s.raw(post + b"Content-Type: multipart/form-data; boundary=x\r\n"
                  b"Content-Length: 5\r\n\r\nhello")
    c.check(status_of(reply) in (400, 415), "a multipart body")
    reply = s.raw(b"GET / HTTP/1.1\r\n" + host + b"Transfer-Encoding: chunked\r\n\r\n" +
                  chunked)
    c.equal(status_of(reply), 200, "a GET with a body is answered, the body never read")
    c.check(reply.count(b"HTTP/1.1 ") == 1, "and its connection closed, not read as requests")
    status, headers, body = s.get("/")
    c.equal(status, 200, "still serving after the oversized requests")

    # A client that stops sending is dropped within the time limits while others are served.
    stalled = socket.create_connection(("127.0.0.1", s.port))
    stalled.sendall(b"GET / HTTP/1.1\r\n" + host)  # and never the blank line
    slow = socket.create_connection(("127.0.0.1", s.port))
    started = time.monotonic()
    slowest = 0.0
    for _ in range(20):
        t = time.monotonic()
        status, headers, body = s.get("/search?q=plain")
        slowest = max(slowest, time.monotonic() - t)
        c.equal(status, 200, "served while a client stalls")
    c.check(slowest < 2.0, f"others wait at most {slowest:.2f} s while a client stalls")

    def dropped_after(sock, trickle):
        sock.settimeout(0.5)
        begin = time.monotonic()
        while time.monotonic() - begin < 30:
            if trickle:
                try:
                    sock.sendall(b"X")  # one byte a second: under the silence limit
                except OSError:
                    return time.monotonic() - begin
            try:
                if sock.recv(65536) == b"":
                    return time.monotonic() - begin
            except socket.timeout:
                continue
            except OSError:
                return time.monotonic() - begin
        return None

    slow.sendall(b"GET / HTTP/1.1\r\n" + host + b"X-Slow: ")
    results = {}
    watcher = threading.Thread(target=lambda: results.update(slow=dropped_after(slow, True)))
    watcher.start()
    waited = dropped_after(stalled, False)
    watcher.join()
    c.check(waited is not None and waited + (time.monotonic() - started) < 20,
            f"a stalled client is dropped (after {waited} s)")
    c.check(results["slow"] is not None and results["slow"] < 15,
            f"a client that sends a byte a second is dropped too (after {results['slow']} s)")
    stalled.close()
    slow.close()

    # A flood: 500 connections at once, each asking for a page.
    def flood(count, send):
        selector = selectors.DefaultSelector()
        socks = []
        for _ in range(count):
            sock = socket.socket()
            sock.setblocking(False)
            sock.connect_ex(("127.0.0.1", s.port))
            socks.append(sock)
            selector.register(sock, selectors.EVENT_WRITE)
        request = b"GET /search?q=plain HTTP/1.1\r\n" + host + b"Connection: close\r\n\r\n"
        replies = {sock: b"" for sock in socks}
        pending = set(socks)
        deadline = time.monotonic() + 60
        while pending and time.monotonic() < deadline:
            for key, events in selector.select(timeout=1):
                sock = key.fileobj
                if events & selectors.EVENT_WRITE:
                    if send:
                        try:
                            sock.sendall(request)
                        except OSError:
                            pending.discard(sock)
                            selector.unregister(sock)
                            continue
                    selector.modify(sock, selectors.EVENT_READ)
                    if not send:
                        pending.discard(sock)
                else:
                    try:
                        data = sock.recv(65536)
                    except OSError:
                        data = b""
                    replies[sock] += data
                    if not data:
                        pending.discard(sock)
                        selector.unregister(sock)
        return socks, replies

    started = time.monotonic()
    socks, replies = flood(500, True)
    answered = sum(1 for r in replies.values() if status_of(r) == 200)
    c.check(answered == 500, f"500 connections at once: {answered} answered 200 in "
            f"{time.monotonic() - started:.1f} s")
    for sock in socks:
        sock.close()
    # 500 connections that send nothing hold no thread others need.
    socks, _ = flood(500, False)
    time.sleep(0.3)
    t = time.monotonic()
    status, headers, body = s.get("/")
    c.check(status == 200 and time.monotonic() - t < 3,
            f"served beside 500 idle connections in {time.monotonic() - t:.2f} s")
    for sock in socks:
        sock.close()
    c.check(s.alive(), "the server is still running")
    status, headers, body = s.get("/api/report?format=json&section=books")
    c.equal(status, 200, "and answering")

c.finish("serve_hostile")
