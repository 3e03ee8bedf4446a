#!/usr/bin/env python3
"""The demo's accounts as `bantay demo load` (or `serve --demo`) prints them, and signing in
with them as a person does: the password, then a code of the account's authenticator app,
computed from the printed secret (RFC 6238: HMAC-SHA-1, six digits, 30-second steps). Python
standard library only; the scripts import it, and bench.sh runs it:

  demo_accounts.py token URL DEMO_OUTPUT EMAIL   prints a bearer token of a full API sign-in
  demo_accounts.py password DEMO_OUTPUT EMAIL    prints the account's password
  demo_accounts.py code DEMO_OUTPUT EMAIL        prints a code bantay has not taken yet

bantay takes each step's code once per account; the steps given are kept beside the demo output
(DEMO_OUTPUT.steps.json), so that a second sign-in gives the next step's code (one step of
drift is allowed) or waits for a fresh step.
"""

import base64
import hashlib
import hmac
import json
import struct
import sys
import time
import urllib.request


def accounts(demo_output):
    """{email: {"password": ..., "secret": ...}} from the demo's printed lines: an account's
    line ends with its password, and the line after it holds `app secret XXXX XXXX ...`."""
    found, last = {}, None
    for line in demo_output.splitlines():
        words = line.split()
        if len(words) >= 2 and "@" in words[-2]:
            last = words[-2]
            found[last] = {"password": words[-1], "secret": None}
        elif last and line.strip().startswith("app secret "):
            found[last]["secret"] = line.strip()[len("app secret "):].replace(" ", "")
            last = None
    return found


def code_of_step(secret, step):
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    mac = hmac.new(key, struct.pack(">Q", step), hashlib.sha1).digest()
    at = mac[-1] & 0x0F
    return "%06d" % ((struct.unpack(">I", mac[at:at + 4])[0] & 0x7FFFFFFF) % 1_000_000)


def fresh_code(secret, steps_file, email):
    """A code of this step or the next that was not given before for `email`."""
    try:
        with open(steps_file) as f:
            given = json.load(f)
    except (FileNotFoundError, ValueError):
        given = {}
    while True:
        now = int(time.time()) // 30
        step = next((s for s in (now, now + 1) if s > given.get(email, 0)), None)
        if step is not None:
            break
        time.sleep(30 - time.time() % 30 + 0.1)
    given[email] = step
    with open(steps_file, "w") as f:
        json.dump(given, f)
    return code_of_step(secret, step)


def post(url, body, token=None):
    headers = {"Content-Type": "application/json"}
    if token:
        headers["Authorization"] = "Bearer " + token
    request = urllib.request.Request(url, json.dumps(body).encode(), headers, method="POST")
    with urllib.request.urlopen(request) as answer:
        return json.load(answer)


def sign_in(base, demo_output, email, steps_file):
    """A bearer token of an open session: the password, then the app's code where asked."""
    account = accounts(demo_output)[email]
    answer = post(base + "/api/v1/auth/login", {"email": email, "password": account["password"]})
    if answer.get("second_factor_required"):
        code = fresh_code(account["secret"], steps_file, email)
        answer = post(base + "/api/v1/auth/second-factor", {"code": code}, answer["token"])
    return answer["token"]


def main(command, *args):
    if command == "token":
        base, demo_file, email = args
        with open(demo_file) as f:
            print(sign_in(base, f.read(), email, demo_file + ".steps.json"))
        return
    demo_file, email = args
    with open(demo_file) as f:
        account = accounts(f.read())[email]
    if command == "password":
        print(account["password"])
    elif command == "code":
        print(fresh_code(account["secret"], demo_file + ".steps.json", email))
    else:
        sys.exit(f"unknown command {command}")


if __name__ == "__main__":
    main(*sys.argv[1:])
