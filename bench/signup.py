"""Signs a person up as they do it: the form (202), the link in the email, the confirmation (201).

The benchmarks run the api in Production, where there is no dev mailbox to read, so the link is
read from the outbox table, which is where the api puts every email before delivery.

usage: signup.py API_URL LIBPQ_CONNINFO EMAIL PASSWORD FULL_NAME   (prints the access token)"""
import json, re, subprocess, sys, time, urllib.error, urllib.parse, urllib.request, uuid


def call(api, method, path, body=None, token=None, expect=(200, 201, 202, 204)):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(api + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    # Every sign-up/log-in from its own address, so the auth rate limits do not trip the seeding.
    request.add_header("X-Forwarded-For", f"198.18.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250 + 1}")
    if token:
        request.add_header("Authorization", "Bearer " + token)
    try:
        with urllib.request.urlopen(request) as response:
            text, status = response.read(), response.status
    except urllib.error.HTTPError as error:
        text, status = error.read(), error.code
    if status not in expect:
        sys.exit(f"{method} {path}: {status} {text[:500]!r}")
    return json.loads(text) if text else None


def confirmation_token(conninfo, email, attempts=50):
    query = ("SELECT text_body FROM outbox_emails WHERE \"to\" = :'email' "
             "ORDER BY created_at DESC LIMIT 1")
    for _ in range(attempts):
        body = subprocess.run(["psql", conninfo, "-qAt", "-v", f"email={email}"], input=query,
                              capture_output=True, text=True, check=True).stdout
        match = re.search(r"/confirm-email\?token=(\S+)", body)
        if match:
            return urllib.parse.unquote(match.group(1))
        time.sleep(0.1)
    sys.exit(f"no confirmation link emailed to {email}")


def sign_up(api, conninfo, email, password, full_name):
    """Returns the confirmation's response: the session (accessToken, user)."""
    call(api, "POST", "/api/auth/signup", {"email": email, "password": password, "fullName": full_name}, expect=(202,))
    token = confirmation_token(conninfo, email)
    return call(api, "POST", "/api/auth/signup/confirm", {"token": token}, expect=(201,))


if __name__ == "__main__":
    api, conninfo, email, password, full_name = sys.argv[1:6]
    print(sign_up(api, conninfo, email, password, full_name)["accessToken"])
