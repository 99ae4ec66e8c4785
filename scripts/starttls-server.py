#!/usr/bin/env python3
# starttls-server.py PROTOCOL MODE BACKEND_PORT [LISTEN_PORT] — a STARTTLS front end for the end-to-end tests.
#
# Listens on 127.0.0.1 (LISTEN_PORT, or one the kernel picks; printed as "LISTEN PORT"), speaks the server
# side of PROTOCOL's cleartext greeting and upgrade exchange, and on an accepted upgrade relays
# the TLS bytes to a real TLS server on 127.0.0.1:BACKEND_PORT (openssl s_server -status_file),
# so the staple the client sees is a real one. It checks what the client sends and answers a
# wrong command with the protocol's error, so a client that speaks the protocol badly fails.
#
# PROTOCOL: smtp lmtp imap pop3 ftp xmpp xmpp-server ldap postgres mysql nntp sieve
# MODE:
#   good         offers STARTTLS and accepts it
#   unsupported  does not offer it (no capability; postgres 'N'; mysql without CLIENT_SSL;
#                ldap protocolError)
#   refuse       offers it and refuses it (454, NO, -ERR, 580, 431, <failure/>, resultCode 52)
#   hostile      (line protocols) control characters and bidi overrides in the greeting and in
#                a refusal
#   long-line    (line protocols) a greeting line of 6000 bytes
#   flood        (smtp) 40 KiB of greeting continuation lines
#   flaky        (smtp) like good, but refuses every third connection's STARTTLS
#   flaky-close  (smtp) like good, but hangs up on the first and every third connection after the greeting
#   stall        greets (where the server speaks first) and then never answers
import itertools
import socket
import sys
import threading

PROTOCOL, MODE, BACKEND = sys.argv[1], sys.argv[2], int(sys.argv[3])
COUNTER = itertools.count()
HOSTILE = b"\x1b[2J\x07\xe2\x80\xae evil"  # clear screen, bell, RIGHT-TO-LEFT OVERRIDE


class Closed(Exception):
    pass


class Conn:
    def __init__(self, sock):
        self.sock = sock
        self.buf = b""

    def send(self, data):
        self.sock.sendall(data)

    def _fill(self):
        chunk = self.sock.recv(4096)
        if not chunk:
            raise Closed()
        self.buf += chunk

    def line(self):
        while b"\n" not in self.buf:
            self._fill()
        line, self.buf = self.buf.split(b"\n", 1)
        return line.rstrip(b"\r")

    def exactly(self, n):
        while len(self.buf) < n:
            self._fill()
        data, self.buf = self.buf[:n], self.buf[n:]
        return data

    def through(self, marker):
        while marker not in self.buf:
            self._fill()
        i = self.buf.index(marker) + len(marker)
        data, self.buf = self.buf[:i], self.buf[i:]
        return data


def stall(conn):
    try:
        while True:
            conn._fill()
    except Closed:
        return False


def greeting(conn, text):
    """The greeting, or the mode's hostile variant of it."""
    if MODE == "long-line":
        conn.send(b"220 " + b"A" * 6000 + b"\r\n" if PROTOCOL in ("smtp", "lmtp", "ftp") else b"* OK " + b"A" * 6000 + b"\r\n")
        return False
    if MODE == "flood":
        conn.send(b"".join(b"220-%05d " % i + b"x" * 90 + b"\r\n" for i in range(420)) + b"220 ready\r\n")
        return False
    conn.send(text)
    if MODE == "stall":
        return stall(conn)
    return True


def smtp(conn):
    hello = b"LHLO " if PROTOCOL == "lmtp" else b"EHLO "
    if not greeting(conn, b"220-mail.test ESMTP " + (HOSTILE if MODE == "hostile" else b"") + b"\r\n220 ready\r\n"):
        return False
    if MODE == "flaky-close" and next(COUNTER) % 3 == 0:
        return False  # hang up after the greeting
    line = conn.line()
    if not line.startswith(hello):
        conn.send(b"500 5.5.1 expected " + hello.strip() + b"\r\n")
        return False
    caps = [b"mail.test", b"PIPELINING", b"SIZE 10240000"] + ([] if MODE == "unsupported" else [b"STARTTLS"]) + [b"HELP"]
    conn.send(b"".join(b"250-" + c + b"\r\n" for c in caps[:-1]) + b"250 " + caps[-1] + b"\r\n")
    if conn.line() != b"STARTTLS":
        conn.send(b"500 5.5.1 expected STARTTLS\r\n")
        return False
    if MODE == "refuse" or (MODE == "flaky" and next(COUNTER) % 3 == 2):
        conn.send(b"454 4.7.0 TLS currently unavailable\r\n")
        return False
    if MODE == "hostile":
        conn.send(b"454 4.7.0 " + HOSTILE + b"\r\n")
        return False
    conn.send(b"220 2.0.0 Ready to start TLS\r\n")
    return True


def ftp(conn):
    if not greeting(conn, b"220-Welcome to the test FTP server\r\n  (a continuation line without a code)\r\n220 ready\r\n"):
        return False
    if conn.line() != b"FEAT":
        conn.send(b"500 expected FEAT\r\n")
        return False
    features = [b" PASV", b" SIZE"] + ([] if MODE == "unsupported" else [b" AUTH TLS", b" PBSZ", b" PROT"])
    conn.send(b"211-Features:\r\n" + b"".join(f + b"\r\n" for f in features) + b"211 End\r\n")
    line = conn.line()
    if MODE == "unsupported":
        conn.send(b"500 AUTH not understood\r\n")
        return False
    if line != b"AUTH TLS":
        conn.send(b"500 expected AUTH TLS\r\n")
        return False
    if MODE in ("refuse", "hostile"):
        conn.send(b"431 " + (HOSTILE if MODE == "hostile" else b"TLS unavailable") + b"\r\n")
        return False
    conn.send(b"234 AUTH TLS successful\r\n")
    return True


def nntp(conn):
    if not greeting(conn, b"200 news.test InterNetNews NNRP server ready\r\n"):
        return False
    if conn.line() != b"CAPABILITIES":
        conn.send(b"500 expected CAPABILITIES\r\n")
        return False
    caps = [b"VERSION 2", b"READER"] + ([] if MODE == "unsupported" else [b"STARTTLS"]) + [b"LIST ACTIVE NEWSGROUPS"]
    conn.send(b"101 Capability list:\r\n" + b"".join(c + b"\r\n" for c in caps) + b".\r\n")
    if conn.line() != b"STARTTLS":
        conn.send(b"500 expected STARTTLS\r\n")
        return False
    if MODE in ("refuse", "hostile"):
        conn.send(b"580 " + (HOSTILE if MODE == "hostile" else b"Can not initiate TLS negotiation") + b"\r\n")
        return False
    conn.send(b"382 Continue with TLS negotiation\r\n")
    return True


def imap(conn):
    caps = b"IMAP4rev1 LITERAL+ " + (b"" if MODE == "unsupported" else b"STARTTLS ") + b"LOGINDISABLED"
    if not greeting(conn, b"* OK [CAPABILITY " + caps + b"] Dovecot ready.\r\n"):
        return False
    tag, _, command = conn.line().partition(b" ")
    if command.upper() != b"CAPABILITY":
        conn.send(tag + b" BAD expected CAPABILITY\r\n")
        return False
    conn.send(b"* CAPABILITY " + caps + b"\r\n" + tag + b" OK Pre-login capabilities listed.\r\n")
    tag, _, command = conn.line().partition(b" ")
    if command.upper() != b"STARTTLS" or MODE == "unsupported":
        conn.send(tag + b" BAD Unknown command\r\n")
        return False
    if MODE in ("refuse", "hostile"):
        conn.send(tag + b" NO " + (HOSTILE if MODE == "hostile" else b"[UNAVAILABLE] TLS initialization failed") + b"\r\n")
        return False
    conn.send(tag + b" OK Begin TLS negotiation now.\r\n")
    return True


def pop3(conn):
    if not greeting(conn, b"+OK Dovecot ready.\r\n"):
        return False
    if conn.line() != b"CAPA":
        conn.send(b"-ERR expected CAPA\r\n")
        return False
    caps = [b"TOP", b"UIDL", b"RESP-CODES"] + ([] if MODE == "unsupported" else [b"STLS"]) + [b"SASL"]
    conn.send(b"+OK\r\n" + b"".join(c + b"\r\n" for c in caps) + b".\r\n")
    if conn.line() != b"STLS" or MODE == "unsupported":
        conn.send(b"-ERR Unknown command\r\n")
        return False
    if MODE in ("refuse", "hostile"):
        conn.send(b"-ERR " + (HOSTILE if MODE == "hostile" else b"[SYS/TEMP] TLS initialization failed") + b"\r\n")
        return False
    conn.send(b"+OK Begin TLS negotiation now.\r\n")
    return True


def sieve(conn):
    caps = [b'"IMPLEMENTATION" "Dovecot Pigeonhole"', b'"SIEVE" "fileinto reject envelope"'] + \
        ([] if MODE == "unsupported" else [b'"STARTTLS"']) + [b'"VERSION" "1.0"']
    if not greeting(conn, b"".join(c + b"\r\n" for c in caps) + b'OK "Dovecot ready."\r\n'):
        return False
    if conn.line() != b"STARTTLS" or MODE == "unsupported":
        conn.send(b'NO "Unknown command."\r\n')
        return False
    if MODE in ("refuse", "hostile"):
        conn.send(b'NO "' + (HOSTILE if MODE == "hostile" else b"TLS initialization failed") + b'"\r\n')
        return False
    conn.send(b'OK "Begin TLS negotiation now."\r\n')
    return True


def xmpp(conn):
    namespace = b"jabber:server" if PROTOCOL == "xmpp-server" else b"jabber:client"
    header = conn.through(b">")
    if header.startswith(b"<?xml"):
        header = conn.through(b">")
    stream = b"<?xml version='1.0'?><stream:stream xmlns='" + namespace + \
        b"' xmlns:stream='http://etherx.jabber.org/streams' id='t1' from='good.test' version='1.0'>"
    if b"to='good.test'" not in header or b"xmlns='" + namespace + b"'" not in header:
        conn.send(stream + b"<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>")
        return False
    if MODE == "stall":
        conn.send(stream)
        return stall(conn)
    starttls = b"" if MODE == "unsupported" else b"<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
    conn.send(stream + b"<stream:features>" + starttls +
              b"<mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>PLAIN</mechanism></mechanisms></stream:features>")
    request = conn.through(b">")
    if b"<starttls" not in request or b"urn:ietf:params:xml:ns:xmpp-tls" not in request:
        conn.send(b"<stream:error><bad-format xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error></stream:stream>")
        return False
    if MODE == "refuse":
        conn.send(b"<failure xmlns='urn:ietf:params:xml:ns:xmpp-tls'/></stream:stream>")
        return False
    conn.send(b"<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>")
    return True


LDAP_OID = b"1.3.6.1.4.1.1466.20037"


def ldap(conn):
    head = conn.exactly(2)
    body = conn.exactly(head[1])
    if head[0] != 0x30 or LDAP_OID not in body or b"\x77" not in body:
        return False
    if MODE == "stall":
        return stall(conn)
    code, diagnostic = {"good": (0, b""), "unsupported": (2, b"unsupported extended operation"),
                        "refuse": (52, b"TLS not configured")}[MODE]
    op = b"\x0a\x01" + bytes([code]) + b"\x04\x00" + b"\x04" + bytes([len(diagnostic)]) + diagnostic
    message = b"\x02\x01\x01" + b"\x78" + bytes([len(op)]) + op
    conn.send(b"\x30" + bytes([len(message)]) + message)
    return code == 0


def postgres(conn):
    if conn.exactly(8) != b"\x00\x00\x00\x08\x04\xd2\x16\x2f":
        return False
    if MODE == "stall":
        return stall(conn)
    conn.send(b"N" if MODE == "unsupported" else b"S")
    return MODE != "unsupported"


def mysql(conn):
    if MODE == "stall":  # the server speaks first: stall before its handshake packet
        return stall(conn)
    ssl = 0 if MODE == "unsupported" else 0x0800
    lower = 0x0001 | 0x0200 | 0x8000 | ssl
    payload = b"\x0a" + b"8.0.36-test\x00" + b"\x07\x00\x00\x00" + b"abcdefgh" + b"\x00" + lower.to_bytes(2, "little") + \
        b"\x21" + b"\x02\x00" + (0x0008).to_bytes(2, "little") + b"\x15" + b"\x00" * 10 + b"ijklmnopqrst\x00" + b"mysql_native_password\x00"
    conn.send(len(payload).to_bytes(3, "little") + b"\x00" + payload)
    if MODE == "unsupported":
        return False
    request = conn.exactly(36)
    flags = int.from_bytes(request[4:8], "little")
    return request[:4] == b"\x20\x00\x00\x01" and flags & 0x0800 != 0


DIALOGUES = {"smtp": smtp, "lmtp": smtp, "ftp": ftp, "nntp": nntp, "imap": imap, "pop3": pop3, "sieve": sieve,
             "xmpp": xmpp, "xmpp-server": xmpp, "ldap": ldap, "postgres": postgres, "mysql": mysql}


def pipe(src, dst):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            dst.sendall(data)
    except OSError:
        pass
    for s in (src, dst):
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def serve(client):
    conn = Conn(client)
    try:
        if not DIALOGUES[PROTOCOL](conn):
            return
        backend = socket.create_connection(("127.0.0.1", BACKEND))
        if conn.buf:
            backend.sendall(conn.buf)
        threading.Thread(target=pipe, args=(backend, client), daemon=True).start()
        pipe(client, backend)
        backend.close()
    except (Closed, OSError):
        pass
    finally:
        client.close()


def main():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind(("127.0.0.1", int(sys.argv[4]) if len(sys.argv) > 4 else 0))
    listener.listen(16)
    print("LISTEN %d" % listener.getsockname()[1], flush=True)
    while True:
        client, _ = listener.accept()
        threading.Thread(target=serve, args=(client,), daemon=True).start()


main()
