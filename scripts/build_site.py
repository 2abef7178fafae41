"""Build the site into a temporary folder, then swap it in: a failed build leaves site/ as it was.

Usage: python scripts/build_site.py [--site-dir site] [--config mkdocs.yml] [--builder mkdocs|properdocs|zensical]
                                    [--allow-fewer] [--no-wait]
The builder's command line comes from portal.build.builders (default: $PORTAL_BUILDER, else MkDocs).
PORTAL_INCLUDE_RESTRICTED=1 builds the internal edition (restricted tasks included) into
site-internal/ by default, never into the public site/.

One build of a target at a time (a second one waits, or with --no-wait refuses); leftovers of
killed builds are swept first; a build that would publish fewer months than the current site
fails unless told (--allow-fewer, or ALLOW_FEWER=1: ``make site ALLOW_FEWER=1``); Ctrl-C or
SIGTERM stops the build, removes what it wrote and says so in one line. See portal/build/publish.py.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

from portal.build import builders
from portal.build.csp import write_policy
from portal.build.publish import (BuildBusy, build_lock, fewer_months_message, missing_months, new_staging,
                                  site_months, swap_in, sweep_staging, sweep_temporary)

STOP_WAIT_SECONDS = 20  # time the builder gets to clean up after a stop signal before it is killed


class Stopped(Exception):
    """A stop signal (Ctrl-C, SIGTERM) reached the build."""

    def __init__(self, signum: int):
        self.signum = signum


def _raise_stopped(signum, frame):
    raise Stopped(signum)


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run_builder(command: list[str], env: dict, lock_fd: int) -> int:
    """Run the builder; on a stop signal pass it on, give the builder time to clean up, re-raise.

    The builder runs in its own process group, so a Ctrl-C in the terminal reaches this script
    only, which passes a SIGTERM on: the builder then stops cleanly (see portal.build.session),
    or, before its build started, ends without a traceback. It inherits the lock, so the lock
    outlives this script if the script is killed."""
    process = subprocess.Popen(command, env={**env, "PORTAL_BUILD_PARENT": "1"}, pass_fds=(lock_fd,),
                               start_new_session=True)
    try:
        return process.wait()
    except Stopped as stop:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(STOP_WAIT_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        raise


def fewer_months(staging: Path, target: Path, allowed: bool) -> str | None:
    """The refusal message when the new build lacks months the current site has, else None."""
    missing = missing_months(target, staging)
    if not missing or allowed:
        if missing:
            say(f"Lưu ý: bỏ {len(missing)} tháng so với {target.name}/ trước (ALLOW_FEWER).")
        return None
    return fewer_months_message(target, missing, len(site_months(target)), len(site_months(staging)))


def publish(staging: Path, target: Path) -> None:
    """Swap the build in with stop signals held back, so a Ctrl-C cannot fall between the renames."""
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        swap_in(staging, target)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)


def main() -> int:
    internal = os.environ.get("PORTAL_INCLUDE_RESTRICTED") == "1"
    parser = argparse.ArgumentParser(description="Dựng trang vào thư mục tạm rồi thay thế site/.")
    parser.add_argument("--site-dir", default="site-internal" if internal else "site")
    parser.add_argument("--config", default="mkdocs.yml")
    parser.add_argument("--builder", default=None, help="mkdocs, properdocs hoặc zensical")
    parser.add_argument("--allow-fewer", action="store_true",
                        default=os.environ.get("ALLOW_FEWER", "").lower() in ("1", "yes", "true", "co", "có"),
                        help="cho phép bản dựng mới có ít tháng hơn bản hiện tại (hoặc ALLOW_FEWER=1)")
    parser.add_argument("--no-wait", action="store_true", help="không chờ khi đang có lần dựng khác: báo lỗi ngay")
    args = parser.parse_args()
    try:
        builder = builders.get(args.builder)
    except builders.BuilderError as exc:
        print(exc, file=sys.stderr)
        return 2
    target = Path(args.site_dir).resolve()
    signal.signal(signal.SIGINT, _raise_stopped)
    signal.signal(signal.SIGTERM, _raise_stopped)
    staging = None
    try:
        with build_lock(target, wait=not args.no_wait, say=say) as lock_fd:
            sweep_staging(target)
            sweep_temporary()
            staging = new_staging(target)
            env = builders.builder_env()
            command = builders.build_command(builder.name, Path(args.config), staging, quiet=True)
            returncode = run_builder(command, env, lock_fd)
            if returncode != 0:
                say(f"Dựng trang thất bại; {target.name}/ vẫn giữ nguyên bản trước.")
                return returncode
            write_policy(staging)  # the served site's Content-Security-Policy (deploy/nginx/portal.conf)
            refusal = fewer_months(staging, target, args.allow_fewer)
            if refusal:
                say(refusal)
                return 3
            publish(staging, target)
            staging = None
    except BuildBusy as busy:
        say(str(busy))
        return 75
    except Stopped as stop:
        how = "Ctrl-C" if stop.signum == signal.SIGINT else "tín hiệu dừng"
        say(f"Đã dừng dựng trang ({how}); {target.name}/ vẫn giữ nguyên bản trước, thư mục tạm đã được xóa.")
        return 128 + stop.signum
    finally:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
    say(f"Đã dựng trang vào {target.name}/.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
