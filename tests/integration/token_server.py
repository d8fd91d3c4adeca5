#!/usr/bin/env python3
"""A Docker/OCI registry token server for tests/integration/oci_token.sh.

Implements the token endpoint of the distribution token authentication
specification on 127.0.0.1 with the Python standard library only:

  GET  REALM?service=S&scope=repository:NAME:pull,push[&scope=...]
       with HTTP basic credentials (or none: anonymous, which is refused);
  POST REALM with a form body (grant_type=password, username, password,
       service, scope) -- the OAuth2 variant some clients use.

It answers {"token": JWT, "expires_in", "issued_at"} (with ?field=access_token
in the realm: {"access_token": JWT, ...} only, as OAuth2 servers do).  The
JWT is signed RS256 by `openssl dgst -sha256 -sign KEY`; its header names the
key by its libtrust fingerprint (`kid`), which is how docker-registry 2.x
finds a key of its rootcertbundle: base32 of the first 240 bits of the
SHA-256 of the DER SubjectPublicKeyInfo, in groups of four joined by ':'.

Users (test fixtures, fixed):
  fcuser / fcpass        granted every action it asks for
  reader / readpass      granted pull only
  forger / forgepass     a token signed by KEY2, a key the registry does not
                         trust (with KEY's kid), to show signatures are checked

Every request is appended to LOG as one line: METHOD USER SERVICE STATUS
SCOPES (the granted access for 200).  The port the server bound (0: any free
one) is written to PORT_FILE once it listens.

usage: token_server.py PORT_FILE LOG KEY KEY2 ISSUER SERVICE
"""
import base64
import hashlib
import json
import os
import secrets
import subprocess
import sys
import tempfile
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

USERS = {
    "fcuser": ("fcpass", {"pull", "push"}),
    "reader": ("readpass", {"pull"}),
    "forger": ("forgepass", {"pull", "push"}),
}


def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def spki_der(key_path):
    """The DER SubjectPublicKeyInfo of the private key in key_path."""
    return subprocess.run(
        ["openssl", "pkey", "-in", key_path, "-pubout", "-outform", "DER"],
        check=True, capture_output=True).stdout


def libtrust_kid(der):
    digest = hashlib.sha256(der).digest()[:30]
    text = base64.b32encode(digest).decode("ascii").rstrip("=")
    return ":".join(text[i:i + 4] for i in range(0, len(text), 4))


def rs256(key_path, data):
    """PKCS#1 v1.5 signature of data with SHA-256 (JWS "RS256")."""
    with tempfile.NamedTemporaryFile() as f:
        f.write(data)
        f.flush()
        return subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", key_path, f.name],
            check=True, capture_output=True).stdout


def parse_scope(scope):
    """'repository:NAME:a,b' -> ('repository', 'NAME', ['a', 'b']) or None."""
    first = scope.find(":")
    last = scope.rfind(":")
    if first <= 0 or last <= first + 1:
        return None
    actions = [a for a in scope[last + 1:].split(",") if a]
    return scope[:first], scope[first + 1:last], actions


class Handler(BaseHTTPRequestHandler):
    server_version = "fc-token-server/1"

    def log_message(self, fmt, *args):  # quiet: the LOG file is the record
        pass

    def record(self, user, service, status, scopes):
        with open(self.server.log_path, "a", encoding="utf-8") as f:
            f.write("%s %s %s %d %s\n" % (self.command, user or "-", service or "-",
                                          status, " ".join(scopes) or "-"))

    def reply(self, status, body, headers=()):
        data = json.dumps(body).encode("utf-8")
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        for name, value in headers:
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def basic_credentials(self):
        value = self.headers.get("Authorization", "")
        scheme, _, rest = value.partition(" ")
        if scheme.lower() != "basic":
            return None, None
        try:
            user, _, password = base64.b64decode(rest.strip(), validate=True) \
                .decode("utf-8").partition(":")
        except (ValueError, UnicodeDecodeError):
            return None, None
        return user, password

    def do_GET(self):
        query = parse_qs(urlsplit(self.path).query)
        user, password = self.basic_credentials()
        self.issue(query, user, password, query.get("scope", []))

    def do_POST(self):
        query = parse_qs(urlsplit(self.path).query)
        length = int(self.headers.get("Content-Length") or 0)
        form = parse_qs(self.rfile.read(length).decode("utf-8"))
        user = form.get("username", [None])[0]
        password = form.get("password", [None])[0]
        if user is None:
            user, password = self.basic_credentials()
        query.setdefault("service", form.get("service", []))
        scopes = [s for v in form.get("scope", []) for s in v.split(" ") if s]
        self.issue(query, user, password, scopes)

    def issue(self, query, user, password, scopes):
        srv = self.server
        service = (query.get("service") or [None])[0]
        if user not in USERS or USERS[user][0] != password:
            self.record(user, service, 401, scopes)
            self.reply(401, {"errors": [{"code": "UNAUTHORIZED",
                                         "message": "bad or missing credentials"}]},
                       [("WWW-Authenticate", 'Basic realm="fabchart-token-test"')])
            return
        if service != srv.service:
            self.record(user, service, 400, scopes)
            self.reply(400, {"errors": [{"code": "DENIED",
                                         "message": "unknown service %r" % service}]})
            return
        allowed = USERS[user][1]
        access = []
        for scope in scopes:
            parsed = parse_scope(scope)
            if not parsed or parsed[0] != "repository":
                continue
            granted = [a for a in parsed[2] if a in allowed]
            access.append({"type": parsed[0], "name": parsed[1], "actions": granted})
        now = int(time.time())
        claims = {"iss": srv.issuer, "sub": user, "aud": service, "exp": now + 300,
                  "nbf": now - 10, "iat": now, "jti": secrets.token_hex(12),
                  "access": access}
        header = {"typ": "JWT", "alg": "RS256", "kid": srv.kid}
        signing_input = (b64url(json.dumps(header).encode("utf-8")) + "." +
                         b64url(json.dumps(claims).encode("utf-8")))
        key = srv.key2 if user == "forger" else srv.key
        token = signing_input + "." + b64url(rs256(key, signing_input.encode("ascii")))
        field = (query.get("field") or ["token"])[0]
        self.record(user, service, 200,
                    ["%s:%s:%s" % (a["type"], a["name"], ",".join(a["actions"]))
                     for a in access])
        self.reply(200, {field: token, "expires_in": 300,
                         "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ",
                                                    time.gmtime(now))})


def main():
    if len(sys.argv) != 7:
        sys.exit(__doc__.strip().splitlines()[-1])
    port_file, log_path, key, key2, issuer, service = sys.argv[1:]
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    server.log_path = log_path
    server.key, server.key2 = key, key2
    server.issuer, server.service = issuer, service
    server.kid = libtrust_kid(spki_der(key))
    tmp = port_file + ".tmp"
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % server.server_address[1])
    os.replace(tmp, port_file)
    server.serve_forever()


if __name__ == "__main__":
    main()
