#!/usr/bin/env python3
"""browser-check.py — the Firefox column of staplecheck's client table against a real Firefox.

Run by scripts/test-browser (`make test-browser`) inside a network namespace that has only
loopback; do not run it on the host's network. For every case below it issues a leaf from the
lab (scripts/lab-leaf.sh), makes the staple, serves it (openssl s_server -status_file, or
gnutls-serv --ignore-ocsp-response-errors for bytes s_server will not load), loads
https://NAME.test:PORT/ in headless Firefox through Marionette and reads the page: the site's
own page means Firefox connected, an about:neterror / about:certerror page gives Firefox's
error code (document.getNetErrorInfo / getFailedCertSecurityInfo). The expected outcome and
error come from the client table (TABLE: `staplecheck explain --clients --format json`), the
cell of the case's situation resolved with what the case's responder answers. Prints one line
per case and exits 1 on any mismatch.

    browser-check.py --table TABLE --lab LAB --work DIR --firefox FIREFOX [--only NAME,...]
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time

from marionette_driver import errors
from marionette_driver.marionette import Marionette

SCRIPTS = os.path.dirname(os.path.abspath(__file__))
MARIONETTE_PORT = 2828
# The namespace is ours alone, so fixed ports cannot clash. Each leaf's AIA names the responder
# whose answer its case needs; nothing listens on the "unreachable" port (connection refused).
RESPONDER_PORTS = {"good": 8101, "revoked": 8102, "unknown": 8103, "unreachable": 8104}
FIRST_SERVER_PORT = 9001

# name, situation, staple kind, responder answer, must-staple certificate. Where the table says
# the outcome does not hang on the responder, the case's responder answers the opposite of the
# expected outcome (revoked behind a good staple, good behind a refusal), so a fetch the table
# does not expect would show.
ANSWERS = ("good", "revoked", "unknown", "unreachable")
CASES = (
    [("no-staple/" + a, "no-staple", "none", a, False) for a in ANSWERS]
    + [("must-staple-no-staple", "must-staple-no-staple", "none", "good", True),
       ("good", "good", "good", "revoked", False),
       ("revoked", "revoked", "revoked", "good", False),
       ("unknown", "unknown", "unknown", "good", False)]
    + [("expired/" + a, "expired", "expired", a, False) for a in ANSWERS]
    + [("not-yet-valid", "not-yet-valid", "future", "good", False)]
    + [("wrong-cert/" + a, "wrong-cert", "wrong-cert", a, False) for a in ANSWERS]
    + [("bad-signature", "bad-signature", "bad-signature", "good", False)]
    + [("rogue-signer/" + a, "unauthorized-signer", "rogue", a, False) for a in ANSWERS]
    + [("trylater/" + a, "unsuccessful-trylater", "trylater", a, False) for a in ANSWERS]
    + [("internalerror", "unsuccessful-other", "internalerror", "good", False),
       ("unauthorized", "unsuccessful-other", "unauthorized", "good", False),
       ("corrupt-random", "corrupt", "random", "good", False),
       ("corrupt-truncated", "corrupt", "truncated", "good", False),
       ("corrupt-trailing", "corrupt", "trailing", "good", False),
       ("must-staple/good", "good", "good", "revoked", True),
       ("must-staple/expired/good", "expired", "expired", "good", True),
       ("must-staple/trylater/unreachable", "unsuccessful-trylater", "trylater", "unreachable", True)]
)
# Unsuccessful OCSPResponses: SEQUENCE { ENUMERATED status }, no responseBytes (RFC 6960 4.2.1).
UNSUCCESSFUL = {"trylater": 3, "internalerror": 2, "unauthorized": 6}
CORRUPT = ("random", "truncated", "trailing")


def sh(*argv):
    subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)


def lab_leaf(*args):
    sh(os.path.join(SCRIPTS, "lab-leaf.sh"), *args)


class Lab:
    """The per-run leaves and staples: certs/ holds every leaf with status good in its index
    (the good responder's), revoked/ the same leaves all revoked (the revoked responder's);
    the lab's own index lists none of them (the unknown responder's)."""

    def __init__(self, lab, work):
        self.lab, self.work = lab, work
        self.certs = os.path.join(work, "certs")
        self.revoked = os.path.join(work, "revoked")
        self.staples = os.path.join(work, "staples")
        os.makedirs(self.staples, exist_ok=True)

    def leaf(self, name, answer, must_staple):
        url = "http://127.0.0.1:%d/" % RESPONDER_PORTS[answer]
        lab_leaf("leaf", self.lab, self.certs, name, url, "-", *(["muststaple"] if must_staple else []))

    def make_revoked_index(self, names):
        os.makedirs(self.revoked, exist_ok=True)
        for name in names:
            for ext in (".pem", ".key"):
                with open(os.path.join(self.certs, name + ext), "rb") as src, \
                        open(os.path.join(self.revoked, name + ext), "wb") as dst:
                    dst.write(src.read())
        with open(os.path.join(self.certs, "index.txt")) as src, open(os.path.join(self.revoked, "index.txt"), "w") as dst:
            dst.write(src.read())
        with open(os.path.join(self.revoked, "index.txt.attr"), "w") as f:
            f.write("unique_subject = no\n")
        for name in names:
            lab_leaf("revoke", self.revoked, name)

    def staple(self, name, kind):
        """The staple file for the case (None: no staple)."""
        out = os.path.join(self.staples, name + ".der")
        if kind == "none":
            return None
        if kind in UNSUCCESSFUL:
            data = bytes([0x30, 0x03, 0x0A, 0x01, UNSUCCESSFUL[kind]])
        elif kind in CORRUPT:
            good = self.response(name, "delegated", self.certs)
            if kind == "random":
                data = os.urandom(600)
                data = (b"\x04" + data[1:]) if data[0] == 0x30 else data  # never a SEQUENCE
            elif kind == "truncated":
                data = good[: len(good) // 2]
            else:
                data = good + b"\x00\x00\x00\x00"
        else:
            directory, response_kind, subject = {
                "good": (self.certs, "delegated", name),
                "revoked": (self.revoked, "delegated", name),
                "unknown": (self.certs, "unknown", name),
                "expired": (self.certs, "aged:-9d", name),  # nextUpdate 2 days ago: past the 24 h slop
                "future": (self.certs, "aged:+2d", name),  # thisUpdate 2 days ahead: past the 24 h slop
                "wrong-cert": (self.certs, "delegated", "other"),  # a sibling leaf's good response
                "rogue": (self.certs, "rogue", name),  # signed by a self-signed key nobody authorised
                "bad-signature": (self.certs, "issuer-nocerts", name),
            }[kind]
            data = self.response(subject, response_kind, directory)
            if kind == "bad-signature":
                # Signed by the issuer, no certificates after the signature: its last byte is the
                # last byte of ECDSA's s. Flipping it keeps the DER valid and the signature wrong.
                data = data[:-1] + bytes([data[-1] ^ 0x01])
        with open(out, "wb") as f:
            f.write(data)
        return out

    def response(self, name, kind, directory):
        out = os.path.join(self.staples, "%s.%s.der" % (name, re.sub(r"[^a-z0-9-]", "_", kind)))
        if not os.path.exists(out):
            lab_leaf("response", self.lab, directory, name, kind, out)
        with open(out, "rb") as f:
            return f.read()


def expected(cell, answer, must_staple):
    """(outcome the table gives, what Firefox should visibly do, the errors it may show)."""
    base = (cell.get("mustStaple") if must_staple else None) or cell["outcome"]
    error = cell.get("error")
    outcome = base
    answers = cell.get("answers")
    if base == "asks-ca" and answers:
        outcome = answers[answer]
        error = {"revoked": answers.get("revokedError"), "unknown": answers.get("unknownError")}.get(answer) or error
    if outcome in ("connects", "soft-fail", "ignores-staple"):
        return outcome, "connects", set()
    if outcome == "refuses":
        # "A / B (only with …)": the codes named, without the comment.
        codes = {c.strip() for c in re.sub(r"\([^)]*\)", "", error or "").split("/") if c.strip()}
        return outcome, "refuses", codes
    return outcome, outcome, set()


def listening(port):
    """A socket listens on PORT (read from /proc: a test connection would hold up `openssl ocsp`,
    which serves one connection at a time and waits for a request on it)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        with open(table) as f:
            for line in f.readlines()[1:]:
                local, state = line.split()[1], line.split()[3]
                if state == "0A" and int(local.rsplit(":", 1)[1], 16) == port:
                    return True
    return False


def wait_port(port, deadline=20.0):
    end = time.monotonic() + deadline
    while time.monotonic() < end:
        if listening(port):
            return
        time.sleep(0.05)
    raise RuntimeError("nothing listens on port %d" % port)


class Processes:
    """Every child this driver starts, each in its own process group, killed by its own id."""

    def __init__(self, logdir):
        self.logdir, self.children = logdir, []

    def start(self, name, argv):
        log = open(os.path.join(self.logdir, name + ".log"), "wb")
        child = subprocess.Popen(argv, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
        self.children.append(child)
        return child

    def stop(self, child):
        if child.poll() is None:
            os.killpg(child.pid, 15)
            try:
                child.wait(5)
            except subprocess.TimeoutExpired:
                os.killpg(child.pid, 9)
                child.wait()
        self.children.remove(child)

    def stop_all(self):
        for child in list(reversed(self.children)):
            self.stop(child)


def responder_requests(logdir, answer):
    """How many requests the responder has received (it logs one line for each on stderr)."""
    try:
        with open(os.path.join(logdir, "responder-%s.log" % answer), errors="replace") as f:
            return f.read().count("Received request")
    except FileNotFoundError:
        return 0


USER_JS = """\
user_pref("marionette.port", %d);
user_pref("browser.shell.checkDefaultBrowser", false);
user_pref("browser.startup.page", 0);
user_pref("browser.startup.homepage", "about:blank");
user_pref("browser.newtabpage.enabled", false);
user_pref("browser.aboutwelcome.enabled", false);
user_pref("browser.tabs.warnOnClose", false);
// Names: every host is 127.0.0.1, asked of nobody (no DNS, no DNS-over-HTTPS, no proxy).
user_pref("network.dns.forceResolve", "127.0.0.1");
user_pref("network.trr.mode", 5);
user_pref("network.proxy.type", 0);
user_pref("network.dns.disablePrefetch", true);
user_pref("network.prefetch-next", false);
user_pref("network.http.speculative-parallel-limit", 0);
user_pref("network.http.http3.enable", false);
// No phoning home: updates, telemetry, safe browsing, captive portal, remote settings…
user_pref("app.update.enabled", false);
user_pref("app.update.auto", false);
user_pref("app.update.disabledForTesting", true);
user_pref("extensions.update.enabled", false);
user_pref("extensions.blocklist.enabled", false);
user_pref("extensions.getAddons.cache.enabled", false);
user_pref("datareporting.healthreport.uploadEnabled", false);
user_pref("datareporting.policy.dataSubmissionEnabled", false);
user_pref("toolkit.telemetry.enabled", false);
user_pref("toolkit.telemetry.unified", false);
user_pref("toolkit.telemetry.server", "");
user_pref("browser.ping-centre.telemetry", false);
user_pref("browser.safebrowsing.malware.enabled", false);
user_pref("browser.safebrowsing.phishing.enabled", false);
user_pref("browser.safebrowsing.downloads.enabled", false);
user_pref("browser.safebrowsing.blockedURIs.enabled", false);
user_pref("browser.safebrowsing.provider.google4.updateURL", "");
user_pref("browser.safebrowsing.provider.mozilla.updateURL", "");
user_pref("network.captive-portal-service.enabled", false);
user_pref("network.connectivity-service.enabled", false);
user_pref("captivedetect.canonicalURL", "");
user_pref("services.settings.server", "http://127.0.0.1:1/");
user_pref("security.remote_settings.crlite_filters.enabled", false);
user_pref("security.remote_settings.intermediates.enabled", false);
user_pref("security.certerrors.mitm.priming.enabled", false);
user_pref("media.gmp-manager.updateEnabled", false);
user_pref("geo.enabled", false);
"""

# The OCSP preferences the table's Firefox column assumes: Firefox's own defaults, read back.
OCSP_PREFS = {
    "security.OCSP.enabled": 1,
    "security.OCSP.require": False,
    "security.ssl.enable_ocsp_stapling": True,
    "security.ssl.enable_ocsp_must_staple": True,
}

READ_PREFS = """
const out = {};
for (const name of arguments[0]) {
  const t = Services.prefs.getPrefType(name);
  out[name] = t == Services.prefs.PREF_INT ? Services.prefs.getIntPref(name)
    : t == Services.prefs.PREF_BOOL ? Services.prefs.getBoolPref(name) : null;
}
return out;
"""
# Between cases: Firefox caches OCSP answers per certificate (across ports) and TLS sessions.
CLEAR_CACHES = """
Cc["@mozilla.org/security/x509certdb;1"].getService(Ci.nsIX509CertDB).clearOCSPCache();
Cc["@mozilla.org/psm;1"].getService(Ci.nsINSSComponent).clearSSLExternalAndInternalSessionCache();
Services.obs.notifyObservers(null, "net:cancel-all-connections");
"""
READ_PAGE = """
const r = {uri: document.documentURI, code: null, text: document.body ? document.body.innerText.slice(0, 200) : ""};
if (r.uri.startsWith("about:certerror")) r.code = document.getFailedCertSecurityInfo().errorCodeString;
else if (r.uri.startsWith("about:neterror")) r.code = document.getNetErrorInfo().errorCodeString;
return r;
"""


def start_firefox(procs, firefox, profile, lab):
    os.makedirs(profile, exist_ok=True)
    sh("certutil", "-N", "-d", "sql:" + profile, "--empty-password")
    sh("certutil", "-A", "-n", "staplecheck lab root", "-t", "C,,", "-d", "sql:" + profile, "-i", os.path.join(lab, "root.pem"))
    with open(os.path.join(profile, "user.js"), "w") as f:
        f.write(USER_JS % MARIONETTE_PORT)
    procs.start("firefox", [firefox, "--headless", "--marionette", "-remote-allow-system-access", "--no-remote",
                            "--profile", profile])
    wait_port(MARIONETTE_PORT, 60)
    client = Marionette(host="127.0.0.1", port=MARIONETTE_PORT)
    client.start_session({"acceptInsecureCerts": False})
    client.timeout.page_load = 30
    return client


def load(client, url):
    try:
        client.navigate(url)
    except (errors.UnknownException, errors.InsecureCertificateException):
        pass  # an error page was reached: read it below
    page = client.execute_script(READ_PAGE)
    if page["code"]:
        return "refuses", page["code"]
    if page["uri"].startswith("about:"):
        return "error page", page["uri"]
    return ("connects", "") if "s_server" in page["text"] or "GnuTLS" in page["text"] else ("other page", page["text"][:60])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--table", required=True)
    ap.add_argument("--lab", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--firefox", default="firefox-esr")
    ap.add_argument("--only", default="")
    args = ap.parse_args()
    with open(args.table) as f:
        table = json.load(f)
    column = next(c for c in table["clients"] if c["client"] == "firefox")
    cells = {cell["situation"]: cell for cell in column["cells"]}
    cases = [c for c in CASES if not args.only or c[0] in args.only.split(",")]
    missing = sorted({c[1] for c in cases} - set(cells))
    if missing:
        sys.exit("browser-check: the table's Firefox column has no cell for: " + ", ".join(missing))

    lab = Lab(args.lab, args.work)
    names = {}
    print("making %d leaves and their staples…" % len(cases), flush=True)
    for i, (case, situation, kind, answer, must) in enumerate(cases):
        names[case] = "c%02d" % (i + 1)
        lab.leaf(names[case], answer, must)
    lab.leaf("other", "good", False)
    lab.make_revoked_index(list(names.values()))
    staples = {case: lab.staple(names[case], kind) for case, _, kind, _, _ in cases}

    logdir = os.path.join(args.work, "logs")
    os.makedirs(logdir, exist_ok=True)
    procs = Processes(logdir)
    failures = 0
    try:
        indexes = {"good": os.path.join(lab.certs, "index.txt"), "revoked": os.path.join(lab.revoked, "index.txt"),
                   "unknown": os.path.join(args.lab, "index.txt")}
        for answer, index in indexes.items():
            procs.start("responder-" + answer, [
                "openssl", "ocsp", "-port", str(RESPONDER_PORTS[answer]), "-index", index, "-CA", os.path.join(args.lab, "int.pem"),
                "-rsigner", os.path.join(args.lab, "responder.pem"), "-rkey", os.path.join(args.lab, "responder.key"),
                "-ndays", "7", "-text"])
            wait_port(RESPONDER_PORTS[answer])
        client = start_firefox(procs, args.firefox, os.path.join(args.work, "profile"), args.lab)
        caps = client.session_capabilities
        print("Firefox %s (%s), headless, in a network namespace with only loopback" % (caps.get("browserVersion"), args.firefox))
        with client.using_context("chrome"):
            prefs = client.execute_script(READ_PREFS, script_args=[list(OCSP_PREFS)])
        print("prefs: " + ", ".join("%s=%s" % kv for kv in prefs.items()))
        if prefs != OCSP_PREFS:
            sys.exit("browser-check: Firefox's OCSP preferences are not the defaults the table assumes: %s" % prefs)

        header = "%-34s %-22s %-11s %-10s %-57s %-7s %s" % ("case", "situation", "responder", "table", "expected", "fetched", "actual")
        print(header + "\n" + "-" * len(header))
        for i, (case, situation, kind, answer, must) in enumerate(cases):
            name, port = names[case], FIRST_SERVER_PORT + i
            cert, key = os.path.join(lab.certs, name + ".pem"), os.path.join(lab.certs, name + ".key")
            chain = os.path.join(lab.certs, name + ".chain.pem")
            if kind in CORRUPT:
                server = procs.start("server-" + name, [
                    "gnutls-serv", "--http", "--port", str(port), "--x509certfile", chain, "--x509keyfile", key,
                    "--ocsp-response", staples[case], "--ignore-ocsp-response-errors"])
            else:
                server = procs.start("server-" + name, [
                    "openssl", "s_server", "-accept", "127.0.0.1:%d" % port, "-cert", cert, "-key", key,
                    "-cert_chain", os.path.join(args.lab, "int.pem"), "-www"]
                    + (["-status_file", staples[case]] if staples[case] else []))
            wait_port(port)
            with client.using_context("chrome"):
                client.execute_script(CLEAR_CACHES)
            before = responder_requests(logdir, answer)
            try:
                outcome, actual_error = load(client, "https://%s.test:%d/" % (name, port))
            except errors.MarionetteException as e:  # e.g. the page timed out: a failed case, not a crash
                outcome, actual_error = "no page", type(e).__name__
            time.sleep(0.2)  # the responder writes its log after it answers
            fetched = "-" if answer == "unreachable" else ("yes" if responder_requests(logdir, answer) > before else "no")
            procs.stop(server)

            cell = cells[situation]
            table_outcome, want, codes = expected(cell, answer, must)
            problems = []
            if outcome != want:
                problems.append("outcome")
            if want == "refuses" and actual_error not in codes:
                problems.append("error")
            # The table says when Firefox asks: every asks-ca cell must fetch; a "no fetch" cell must not.
            asks = ((cell.get("mustStaple") if must else None) or cell["outcome"]) == "asks-ca"
            if fetched != "-" and asks and fetched != "yes":
                problems.append("no fetch")
            if fetched == "yes" and "no fetch" in (cell.get("note") or ""):
                problems.append("fetched")
            failures += bool(problems)
            want_text = want + (" " + "|".join(sorted(codes)) if len(codes) == 1 else " one of %d codes" % len(codes) if codes else "")
            got_text = outcome + (" " + actual_error if actual_error else "")
            label = case + (" (must-staple)" if must and not case.startswith("must-staple") else "")
            print("%-34s %-22s %-11s %-10s %-57s %-7s %s%s" % (label, situation, answer, table_outcome, want_text, fetched, got_text,
                                                            "   MISMATCH: " + ", ".join(problems) if problems else ""), flush=True)
        client.delete_session()
    finally:
        procs.stop_all()
    print("%d passed, %d failed" % (len(cases) - failures, failures))
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
