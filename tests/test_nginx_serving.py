"""The site served as the office serves it: deploy/nginx/portal.conf on nginx (Debian's nginx-light),
started on 127.0.0.1 with the built public and internal editions.

Served over HTTPS with a self-signed certificate made here with openssl (plain HTTP redirects).
Checks the security headers (a Content-Security-Policy with no outside origin, whose hashes the
build computed), that every public page loads in Chromium with no policy violation, the types of
.ics/.docx/.xlsx, gzip, that hidden files are not served, that /noi-bo/ (site-internal/) answers
401 without credentials and 200 with them, is never cached nor indexed, slows password guessing,
and that a restricted task's text is nowhere in the public site; a script a page author slipped
into a built page does not run. Skipped only outside CI when nginx is not installed (`.ci/run`
installs it).
"""
from __future__ import annotations

import base64
import os
import re
import ssl
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import pytest
from conftest import ROOT, copy_project
from siteserver import CHROMIUM, CHROMIUM_ARGS

pytestmark = pytest.mark.browser
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)
CONF = ROOT / "deploy" / "nginx" / "portal.conf"
SECRET = "NHIỆM VỤ HẠN CHẾ KIỂM TRA MÁY CHỦ 7Q4Z"
USER, PASSWORD = "vanphong", "mật-khẩu thử 42"

if NGINX is None:
    if os.environ.get("CI"):
        raise RuntimeError("nginx không có trong CI: .ci/run phải cài gói nginx-light")
    pytest.skip("nginx chưa được cài (sudo apt-get install nginx-light apache2-utils); .ci/run cài nó trong CI",
                allow_module_level=True)


def _restricted_sample(content: Path) -> None:
    """Make one task of the sample restricted, with a text found nowhere else."""
    path = content / "programmes" / "2023-11.yaml"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if line.startswith("    deadline: 29/11/2023"))
    text_at = next(i for i in range(at, 0, -1) if lines[i].startswith("    text: "))
    lines[text_at] = f"    text: {SECRET}\n"
    lines.insert(at, "    restricted: true\n")
    path.write_text("".join(lines), encoding="utf-8")


def _certificate(folder: Path) -> tuple[Path, Path]:
    """A self-signed certificate for 127.0.0.1, as an office without its own CA would make one."""
    cert, key = folder / "portal.crt", folder / "portal.key"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                    "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    return cert, key


TLS = ssl.create_default_context()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _password_file(path: Path) -> None:
    """As the README tells the office: htpasswd (apache2-utils), else openssl passwd."""
    if shutil.which("htpasswd"):
        subprocess.run(["htpasswd", "-b", "-c", str(path), USER, PASSWORD], check=True, capture_output=True)
    else:
        hashed = subprocess.run(["openssl", "passwd", "-apr1", PASSWORD], check=True, capture_output=True,
                                text=True).stdout.strip()
        path.write_text(f"{USER}:{hashed}\n")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """``(base URL, /srv/portal-like folder)`` with nginx running the repository's site file."""
    # Outside pytest's private (0700) folder: nginx's workers run as another user (nobody), as on the server,
    # so the built site must be readable by others (a staging folder made by mkdtemp is 0700).
    root = Path(tempfile.mkdtemp(prefix="portal-nginx-test-"))
    root.chmod(0o755)
    project = root / "project"
    project.mkdir()
    copy_project(project)
    _restricted_sample(project / "content")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("PORTAL_INCLUDE_RESTRICTED", None)
    for extra in ({}, {"PORTAL_INCLUDE_RESTRICTED": "1"}):
        result = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_site.py")], cwd=project,
                                env={**env, **extra}, capture_output=True, text=True)
        assert result.returncode == 0, result.stderr
    shutil.copy(project / "site" / "tai-ve" / "chuong-trinh-2023-11.docx", project / "site" / "tai-ve" / "thu.xlsx")
    _password_file(root / "portal.htpasswd")
    cert, key = _certificate(root)
    TLS.load_verify_locations(cafile=str(cert))
    port, http_port = _free_port(), _free_port()
    site_file = CONF.read_text(encoding="utf-8")
    for old, new in (("listen 443 ssl;", f"listen 127.0.0.1:{port} ssl;"), ("listen [::]:443 ssl;", ""),
                     ("listen 80;", f"listen 127.0.0.1:{http_port};"), ("listen [::]:80;", ""),
                     ("/etc/ssl/portal/portal.crt", str(cert)), ("/etc/ssl/portal/portal.key", str(key)),
                     ("/srv/portal/", f"{project}/"), ("/etc/nginx/portal.htpasswd", str(root / "portal.htpasswd"))):
        assert old in site_file, old
        site_file = site_file.replace(old, new)
    (root / "portal.conf").write_text(site_file, encoding="utf-8")
    for name in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (root / "temp" / name).mkdir(parents=True)
    (root / "nginx.conf").write_text(f"""
daemon off;
worker_processes 1;
pid {root}/nginx.pid;
error_log {root}/error.log;
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {root}/temp/body;
    proxy_temp_path {root}/temp/proxy;
    fastcgi_temp_path {root}/temp/fastcgi;
    uwsgi_temp_path {root}/temp/uwsgi;
    scgi_temp_path {root}/temp/scgi;
    include {root}/portal.conf;
}}
""", encoding="utf-8")
    check = subprocess.run([NGINX, "-t", "-p", str(root), "-c", str(root / "nginx.conf")], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    server = subprocess.Popen([NGINX, "-p", str(root), "-c", str(root / "nginx.conf")],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    base = f"https://127.0.0.1:{port}/"
    deadline = time.monotonic() + 20
    while True:
        try:
            for listening in (port, http_port):
                with socket.create_connection(("127.0.0.1", listening), timeout=1):
                    pass
            break
        except OSError:
            assert server.poll() is None and time.monotonic() < deadline, server.stderr.read() if server.stderr else ""
            time.sleep(0.05)
    yield base, project, f"http://127.0.0.1:{http_port}/"
    server.terminate()
    server.wait(10)
    shutil.rmtree(root, ignore_errors=True)


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None  # a redirect is an answer to look at, not to follow


def fetch(url: str, auth: tuple[str, str] | None = None, headers: dict | None = None):
    """``(status, headers, body bytes)``, errors included."""
    request = urllib.request.Request(url, headers=headers or {})
    if auth:
        token = base64.b64encode(f"{auth[0]}:{auth[1]}".encode("utf-8")).decode("ascii")
        request.add_header("Authorization", f"Basic {token}")
    try:
        opener = urllib.request.build_opener(urllib.request.HTTPSHandler(context=TLS), _NoRedirect)
        with opener.open(request, timeout=10) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


def test_security_headers_and_a_policy_with_no_outside_origin(served):
    base, project, _ = served
    expected = (project / "site" / ".csp").read_text(encoding="utf-8").strip()
    for path in ("", "programmes/2023-11/", "thoi-han/", "no-such-page/"):
        status, headers, _ = fetch(base + path)
        assert status in (200, 404)
        policy = headers["Content-Security-Policy"]
        assert policy == expected, path
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Referrer-Policy"] == "same-origin"
    directives = dict(part.strip().split(" ", 1) for part in expected.split(";"))
    assert directives["default-src"] == "'self'" and directives["object-src"] == "'none'"
    for sources in directives.values():
        for source in sources.split():
            assert source in ("'self'", "'none'", "data:", "'unsafe-hashes'") or source.startswith("'sha256-"), source
    assert "sha256-" in directives["script-src"]  # the theme's inline scripts, hashed at build time


def test_types_of_calendars_documents_and_sheets(served):
    base, _, _ = served
    cases = {
        "lich/tat-ca.ics": "text/calendar; charset=utf-8",
        "tai-ve/chuong-trinh-2023-11.docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "tai-ve/thu.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "": "text/html; charset=utf-8",
    }
    for path, kind in cases.items():
        status, headers, _ = fetch(base + path)
        assert status == 200 and headers["Content-Type"] == kind, (path, headers["Content-Type"])


def test_text_is_gzipped_and_documents_are_not(served):
    base, project, _ = served
    assets = project / "site" / "assets"  # the theme's largest stylesheet and script, whatever the builder names them
    css = max(assets.rglob("*.css"), key=lambda p: p.stat().st_size).relative_to(project / "site").as_posix()
    js = max(assets.rglob("*.js"), key=lambda p: p.stat().st_size).relative_to(project / "site").as_posix()
    search = max((p for p in (project / "site" / "search").rglob("*.json")), key=lambda p: p.stat().st_size)
    for path in ("", css, js, "lich/tat-ca.ics",
                 search.relative_to(project / "site").as_posix()):
        _, headers, _ = fetch(base + path, headers={"Accept-Encoding": "gzip"})
        assert headers["Content-Encoding"] == "gzip", path
    _, headers, _ = fetch(base + "tai-ve/chuong-trinh-2023-11.docx", headers={"Accept-Encoding": "gzip"})
    assert headers["Content-Encoding"] is None


def test_hidden_files_are_not_served(served):
    base, _, _ = served
    for path in (".csp", ".nginx-csp.conf", "noi-bo/.csp"):
        assert fetch(base + path, auth=(USER, PASSWORD))[0] == 404, path


def test_internal_edition_needs_credentials(served):
    base, _, _ = served
    url = base + "noi-bo/programmes/2023-11/"
    status, headers, body = fetch(url)
    assert status == 401 and headers["WWW-Authenticate"].startswith("Basic")
    assert SECRET.encode("utf-8") not in body
    assert fetch(url, auth=(USER, "sai"))[0] == 401
    status, headers, body = fetch(url, auth=(USER, PASSWORD))
    assert status == 200 and SECRET in body.decode("utf-8")
    assert headers["Content-Security-Policy"].startswith("default-src 'self'")


def test_restricted_text_is_not_reachable_through_the_public_site(served):
    base, project, _ = served
    site = project / "site"
    for path in ("site-internal/", "site-internal/programmes/2023-11/", "../site-internal/"):
        status, _, body = fetch(base + path)
        assert status in (400, 404) and SECRET.encode("utf-8") not in body, path
    for file in sorted(p for p in site.rglob("*") if p.is_file() and not p.name.startswith(".")):
        status, _, body = fetch(base + file.relative_to(site).as_posix())
        assert status == 200, file
        if file.suffix == ".docx" or file.suffix == ".xlsx":
            with zipfile.ZipFile(file) as archive:
                body = b"".join(archive.read(name) for name in archive.namelist())
        assert SECRET.encode("utf-8") not in body, file


def test_every_public_page_loads_with_no_policy_violation(served):
    from playwright.sync_api import sync_playwright

    base, project, _ = served
    site = project / "site"
    pages = sorted(p.relative_to(site).parent.as_posix() for p in site.rglob("index.html"))
    assert len(pages) > 10
    violations: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        context = browser.new_context(http_credentials={"username": USER, "password": PASSWORD},
                                      ignore_https_errors=True)
        context.add_init_script("""document.addEventListener('securitypolicyviolation', event => {
            (window.__violations = window.__violations || []).push(event.violatedDirective + ' ' + event.blockedURI
              + ' ' + (event.sample || ''));
        });""")
        tab = context.new_page()
        tab.on("console", lambda message: violations.append(message.text)
               if "Content Security Policy" in message.text else None)
        for path in pages + ["noi-bo/", "noi-bo/programmes/2023-11/"]:
            url = base + ("" if path == "." else path + "/" if not path.endswith("/") else path)
            response = tab.goto(url)
            assert response.status == 200, url
            tab.wait_for_load_state("load")
            violations.extend(f"{url}: {v}" for v in tab.evaluate("window.__violations || []"))
        tab.goto(base)
        tab.click(".md-search__input")
        tab.fill(".md-search__input", "hội nghị")
        tab.wait_for_timeout(800)
        violations.extend(tab.evaluate("window.__violations || []"))
        browser.close()
    assert violations == []


def test_plain_http_redirects_to_https(served):
    _, _, http_base = served
    status, headers, _ = fetch(http_base + "programmes/2023-11/?q=1")
    assert status == 301
    assert headers["Location"].startswith("https://127.0.0.1") and headers["Location"].endswith("/programmes/2023-11/?q=1")
    status, headers, _ = fetch(http_base + "noi-bo/")
    assert status == 301 and headers["Location"].startswith("https://") and "WWW-Authenticate" not in headers


def test_the_internal_edition_is_never_cached_nor_indexed(served):
    base, _, _ = served
    assert fetch(base + "noi-bo")[0] == 301 and fetch(base + "noi-bo")[1]["Location"].endswith("/noi-bo/")
    for path, auth, status in (("noi-bo/", None, 401), ("noi-bo/", (USER, PASSWORD), 200),
                               ("noi-bo/programmes/2023-11/", (USER, PASSWORD), 200),
                               ("noi-bo/no-such-page/", (USER, PASSWORD), 404),
                               ("noi-bo/tai-ve/chuong-trinh-2023-11.docx", (USER, PASSWORD), 200)):
        got, headers, _ = fetch(base + path, auth=auth)
        assert got == status, path
        assert headers["Cache-Control"] == "private, no-store", path
        assert "noindex" in headers["X-Robots-Tag"], path
        assert headers["X-Content-Type-Options"] == "nosniff", path
        if got != 401:
            assert headers["Content-Security-Policy"].startswith("default-src 'self'"), path
    assert "X-Robots-Tag" not in fetch(base)[1] and "no-store" not in (fetch(base)[1]["Cache-Control"] or "")


def test_the_internal_404_page_searches_the_internal_index(served):
    base, project, _ = served
    status, _, body = fetch(base + "noi-bo/no-such-page/", auth=(USER, PASSWORD))
    page = body.decode("utf-8")
    assert status == 404 and re.search(r'"base":\s*"/noi-bo/"', page)
    assert 'href="/noi-bo/assets/' in page and 'href="/assets/' not in page
    index = fetch(base + "noi-bo/search/index.json", auth=(USER, PASSWORD))
    assert index[0] == 200 and index[2] != fetch(base + "search/index.json")[2]


def test_an_injected_script_does_not_run(served):
    """A script that got into a built page past every check (a page edited on the server) is not in
    the build's policy, so the browser refuses to run it."""
    from playwright.sync_api import sync_playwright

    base, project, _ = served
    page = project / "site" / "thu-chen-ma" / "index.html"
    page.parent.mkdir()
    original = (project / "site" / "huong-dan" / "index.html").read_text(encoding="utf-8")
    page.write_text(original.replace("</article>", '<script>window.__chen = 1</script>'
                                     '<img src="data:," onerror="window.__chen = 2"></article>', 1), encoding="utf-8")
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            tab = browser.new_context(ignore_https_errors=True).new_page()
            blocked = []
            tab.on("console", lambda message: blocked.append(message.text)
                   if "Content Security Policy" in message.text else None)
            assert tab.goto(base + "thu-chen-ma/").status == 200
            tab.wait_for_load_state("load")
            assert tab.evaluate("window.__chen === undefined")
            assert tab.evaluate("typeof window.__md_scope") != "undefined"  # the theme's own scripts ran
            browser.close()
        assert blocked
    finally:
        page.unlink()
        page.parent.rmdir()


def test_password_guessing_is_slowed_and_readers_are_not(served):
    """Last in this file: it spends the address's allowance of wrong passwords."""
    base, _, _ = served
    url = base + "noi-bo/programmes/2023-11/"
    answers = [fetch(url, auth=(USER, f"sai-{n}"))[0] for n in range(12)]
    assert 200 not in answers and 429 in answers and answers[0] == 401
    readers = [fetch(url, auth=(USER, PASSWORD))[0] for _ in range(30)]
    assert readers == [200] * 30
