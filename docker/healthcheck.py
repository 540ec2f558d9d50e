"""Container healthcheck for the web service: GET /anmelden/ on the local gunicorn must answer 200.

Usage: python docker/healthcheck.py [port]   (default 8000, the port gunicorn binds in the container)

Production settings only accept hosts from DJANGO_ALLOWED_HOSTS and redirect plain HTTP to HTTPS, so the
request carries the first allowed host and the X-Forwarded-Proto header the TLS proxy would set.
"""
import os
import sys
import urllib.error
import urllib.request


def host():
    for eintrag in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(","):
        eintrag = eintrag.strip().lstrip(".")
        if eintrag and eintrag != "*":
            return eintrag
    return "localhost"


class KeineWeiterleitung(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def main(port="8000"):
    anfrage = urllib.request.Request(
        f"http://127.0.0.1:{port}/anmelden/",
        headers={"Host": host(), "X-Forwarded-Proto": "https"},
    )
    oeffner = urllib.request.build_opener(KeineWeiterleitung)
    try:
        with oeffner.open(anfrage, timeout=5) as antwort:
            status = antwort.status
    except urllib.error.HTTPError as fehler:
        status = fehler.code
    except OSError as fehler:
        print(f"web nicht erreichbar: {fehler}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"web antwortet mit HTTP {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:2]))
