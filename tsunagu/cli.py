"""The `tsunagu` command: check, build, serve."""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from tsunagu.search.gaps import GapLog

from . import cityadd
from .build import BuildFailed, build, check_all
from .build.output import readable
from .build.progress import for_terminal
from .hsds import cli as hsds_cli
from .importer import cli as import_cli
from .ops import cli as ops_cli
from .settings import Settings
from .staff import cli as staff_cli
from .staff import publish_cli
from .suggest import cli as suggest_cli


def cmd_check(args, settings: Settings) -> int:
    problems = check_all(settings.data_dir)
    for p in sorted(problems):
        print(p)
    errors = [p for p in problems if p.severity == "error"]
    print(f"{len(errors)} 件のエラー、{len(problems) - len(errors)} 件の警告", file=sys.stderr)
    return 1 if errors else 0


def cmd_build(args, settings: Settings) -> int:
    warn_public_url(settings)
    try:
        # Each step and, per city, whether its unit was reused or made: rich on a terminal, plain lines otherwise.
        path = build(settings, allow_shrink=getattr(args, "allow_shrink", False), progress=for_terminal())
    except BuildFailed as exc:
        for p in exc.problems:
            print(p)
        print(f"ビルドを公開しませんでした: {exc}。公開中のビルドはそのままです", file=sys.stderr)
        return 1
    warnings = (path / "problems.txt").read_text(encoding="utf-8").strip()
    if warnings:
        print(warnings)
    print(f"ビルド {path.name} を公開しました（{path}）", file=sys.stderr)
    return 0


def warn_public_url(settings: Settings) -> None:
    """Printed sheets carry the site's address; unset, they would print the loopback one."""
    if settings.public_url == Settings().public_url:
        print("注意: TSUNAGU_PUBLIC_URL が設定されていません。印刷する案内の QR コードとアドレスは "
              f"{settings.public_url} になります（公開する前に、公開するアドレスを設定してください）", file=sys.stderr)


def cmd_serve(args, settings: Settings) -> int:
    import uvicorn  # lazy: adds 0.1 s to importing this module
    # No build yet, or one this program cannot read (an older format, after an upgrade): build first.
    if not readable(settings.current_build):
        rc = cmd_build(args, settings)  # warns about the public URL itself
        if rc:
            return rc
    else:
        warn_public_url(settings)
    # Workers are separate processes that build their settings from the environment.
    os.environ["TSUNAGU_DATA_DIR"] = str(settings.data_dir)
    os.environ["TSUNAGU_BUILD_DIR"] = str(settings.build_dir)
    publisher = publish_cli.start_beside(settings)  # its own process; workers start none
    try:
        uvicorn.run("tsunagu.site.app:create_app", factory=True, host=args.host, port=args.port,
                    workers=args.workers, log_level="info",
                    # No access log: its lines would hold the query string, i.e. the address or worry a resident typed.
                    access_log=False,
                    # uvicorn would otherwise believe X-Forwarded-For from 127.0.0.1 and let any local program pick
                    # the address the limits count; the app believes only TSUNAGU_TRUSTED_PROXIES (site/http/proxies.py).
                    proxy_headers=False)
    finally:
        publish_cli.stop_beside(publisher)
    return 0


def cmd_search_gaps(args, settings: Settings) -> int:
    """Words residents searched for that found nothing (anonymised counts), most frequent first."""
    rows = GapLog(settings.var_dir).top(city=args.city or None, limit=args.limit)
    if not rows:
        print("見つからなかった検索はまだ記録されていません", file=sys.stderr)
        return 0
    print("count\tcity\tquery\tfirst_day\tlast_day")
    for r in rows:
        print(f"{r['count']}\t{r['city']}\t{r['query']}\t{r['first_day']}\t{r['last_day']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="tsunagu", description="つなぐ: 地域の福祉資源の案内")
    parser.add_argument("--data-dir", type=Path, help="data folder (default: the bundled data/)")
    parser.add_argument("--build-dir", type=Path, help="build folder (default: build/)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("check", help="validate every data file and row")
    build = sub.add_parser("build", help="validate, geocode and index into the build folder; publish if all is well")
    build.add_argument("--allow-shrink", action="store_true",
                       help="publish even if a city loses more than 10%% of its records")
    serve = sub.add_parser("serve", help="serve the site (builds first if there is no build)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (each reloads on its own)")
    gaps = sub.add_parser("search-gaps", help="words residents searched for that found nothing")
    gaps.add_argument("--city", default="", help="only this city (slug)")
    gaps.add_argument("--limit", type=int, default=50)
    staff_cli.add_parser(sub)
    suggest_cli.add_parser(sub)
    import_cli.add_parser(sub)
    hsds_cli.add_parser(sub)
    publish_cli.add_parser(sub)
    ops_cli.add_parser(sub)
    cityadd.add_parser(sub)
    args = parser.parse_args(argv)
    settings = Settings.from_env()
    overrides = {k: v for k, v in (("data_dir", args.data_dir), ("build_dir", args.build_dir)) if v}
    if overrides:
        settings = Settings(**{**settings.__dict__, **overrides})
    return {"check": cmd_check, "build": cmd_build, "serve": cmd_serve,
            "search-gaps": cmd_search_gaps, "staff": staff_cli.run, "suggest": suggest_cli.run,
            "publish": publish_cli.run, "maintenance": publish_cli.run,
            "import": import_cli.run, "export": hsds_cli.run, "backup": ops_cli.run, "restore": ops_cli.run,
            "rollback": ops_cli.run, "city": cityadd.run}[args.command](args, settings)


if __name__ == "__main__":
    sys.exit(main())
