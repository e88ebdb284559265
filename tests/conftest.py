"""Shared fixtures: the built site, a local server for it, and Chromium set up for offline use."""

from __future__ import annotations

import datetime as dt
import logging
import os
from pathlib import Path

import pytest
from hypothesis import settings as hypothesis_settings

from tests.browser import CHROMIUM, REPO_ROOT, is_foreign, serve_directory, skip_or_fail
from tests.sites import build_site

# Property tests (hypothesis): every run draws the same 150 examples a test (pyproject's addopts fix the seed), so a
# run cannot pass by luck and fail the next; the weekly workflow loads "explore" with a random seed to look further.
# Whatever a run finds goes into an @example in the test, where every later run repeats it.
hypothesis_settings.register_profile("iopdir", max_examples=150)
hypothesis_settings.register_profile("explore", max_examples=3000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "iopdir"))


SLOW_CACHES = {"_fast_check"}  # validation.py's compiled schema check


@pytest.fixture(autouse=True)
def _mutant_stays_in_this_process():
    """Under mutation testing (./dev mutation), the mutant is switched on for this process only: the commands and
    builds a test starts in processes of their own run the real code (mutmut's config, which a mutant's code reads,
    cannot be found from their folders)."""
    name = os.environ.pop("MUTANT_UNDER_TEST", None)
    if name is None:
        yield
        return
    from mutmut.mutation import trampoline

    trampoline._mutant_under_test = name
    # Text kept by the original code in the process this one was forked from would hide the mutant's: every cache
    # of the mutation-tested modules starts empty, also while mutmut finds which tests call each function ("stats":
    # a cache filled by the first test would hide the others). The compiled schema check takes 70-90 ms to make
    # again, so a mutant's tests make it again only for a mutant of the function that makes it.
    import importlib
    import tomllib

    tested = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]["only_mutate"]
    for path in tested:  # the mutated modules, as mutmut is told them
        module = path.removesuffix(".py").replace("/", ".")
        for key, value in vars(importlib.import_module(module)).items():
            if not callable(getattr(value, "cache_clear", None)):
                continue
            if key in SLOW_CACHES and name != "stats" and f".x_{value.__wrapped__.__name__}__mutmut_" not in name:
                continue
            value.cache_clear()
    try:
        yield
    finally:
        os.environ["MUTANT_UNDER_TEST"] = name


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO_ROOT


@pytest.fixture(scope="session", autouse=True)
def _user_cache_folder(tmp_path_factory):
    # Caches and the key that signs them live in the user's cache folder (iopdir.fingerprint): the tests use one of
    # their own, not the home folder's (commands the tests start inherit it).
    old = os.environ.get("XDG_CACHE_HOME")
    os.environ["XDG_CACHE_HOME"] = str(tmp_path_factory.mktemp("xdg-cache"))
    yield
    if old is None:
        del os.environ["XDG_CACHE_HOME"]
    else:
        os.environ["XDG_CACHE_HOME"] = old


class _ListHandler(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@pytest.fixture(scope="session")
def _site_build(repo_root, tmp_path_factory):
    """Build the whole site once per test session; return (output dir, warning+ log records)."""
    conf = repo_root / "pelicanconf.py"
    if not conf.is_file():
        pytest.fail(f"{conf} is missing: the site cannot be built", pytrace=False)
    out = tmp_path_factory.mktemp("site") / "output"
    handler = _ListHandler()
    root_logger = logging.getLogger()
    old_cwd = os.getcwd()
    # pelicanconf.py and the plugins may use paths relative to the repo root (programs/,
    # theme/ ...), as `./dev build` runs them; build from there, then put the cwd back.
    os.chdir(repo_root)
    root_logger.addHandler(handler)
    try:
        build_site(out, DELETE_OUTPUT_DIRECTORY=False)
    finally:
        root_logger.removeHandler(handler)
        os.chdir(old_cwd)
    errors = [r for r in handler.records if r.levelno >= logging.ERROR]
    if errors:
        # Pelican logs an error and carries on; a site built with errors is not a site to test.
        pytest.fail(
            "the site build logged errors:\n" + "\n".join(r.getMessage() for r in errors),
            pytrace=False,
        )
    return out, handler.records


# The day the sample listings are validated on in unit tests: their freshness and "N days ago" stay as the tests say.
SAMPLES_DAY = dt.date(2026, 12, 4)


@pytest.fixture(scope="session")
def sample_programs():
    """The repository's sample listings by id (closed ones too), validated as on SAMPLES_DAY, with English and
    Spanish installed."""
    from iopdir import i18n
    from iopdir.build.listings import validate_paths

    i18n.install(["en", "es"])
    report = validate_paths([REPO_ROOT / "programs"], today=SAMPLES_DAY)
    assert report.ok
    return {p.id: p for p in report.programs}


@pytest.fixture(scope="session")
def built_site(_site_build) -> Path:
    """The output folder of a full build of the site from the repo's pelicanconf.py."""
    return _site_build[0]


@pytest.fixture(scope="session")
def site_build_warnings(_site_build) -> list[str]:
    """Warnings (and worse) that the site build logged, as text: a test can assert on them."""
    return [f"{r.levelname}: {r.getMessage()}" for r in _site_build[1]]


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (no trailing slash) of the built site served on 127.0.0.1."""
    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # `playwright install` cannot download a browser here; use Debian's Chromium. The
    # background-networking flags stop it from calling hosts it cannot reach.
    if not CHROMIUM.exists():
        skip_or_fail(f"{CHROMIUM} is missing (Debian: apt-get install chromium): browser tests need it")
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
            "--disable-background-networking", "--disable-component-update", "--disable-sync",
            "--disable-quic", "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(pytestconfig):
    # Replaces pytest-playwright 0.10's own `base_url`: that one is a method of a plugin
    # object, which pytest 9 deprecates with a warning that our filterwarnings=error turns
    # into an error in every browser test.
    return pytestconfig.getoption("--base-url", None) or None


@pytest.fixture
def foreign_requests(page) -> list[str]:
    """URLs of every request the page made to a host other than 127.0.0.1, all aborted.

    The directory promises no third-party requests (privacy, and it must work offline), so a
    test asserts ``foreign_requests == []`` after exercising the page.
    """
    seen: list[str] = []
    page.on("request", lambda request: seen.append(request.url) if is_foreign(request.url) else None)
    page.route(is_foreign, lambda route: route.abort("blockedbyclient"))
    return seen


@pytest.fixture(autouse=True)
def _block_foreign_requests(request):
    # Every browser test gets the blocking: a page that reaches out must not hang on this
    # offline machine, nor send anything anywhere.
    if "page" in request.fixturenames:
        request.getfixturevalue("foreign_requests")
        if os.environ.get(BREAK_SCRIPTS):
            # The suite's self-check (tests/test_harness.py): every script of the site answers 404, so a test of
            # what the scripts do must fail, and fail fast.
            page = request.getfixturevalue("page")
            page.route("**/theme/js/**", lambda route: route.fulfill(status=404, body="broken on purpose"))
            page.set_default_timeout(4000)


#: Set in the environment, the site's scripts answer 404 in every `page` (for the test that the tests notice).
BREAK_SCRIPTS = "IOPDIR_TEST_BREAK_SCRIPTS"


@pytest.fixture(scope="session")
def imported_programs(tmp_path_factory) -> Path:
    """Listings imported by `iopdir import nsumhss` from the seven-state extract (real data, kept compressed in
    tests/fixtures/nsumhss), once a session."""
    import gzip

    from iopdir.cli import main

    base = tmp_path_factory.mktemp("imported")
    fixtures = Path(__file__).parent / "fixtures" / "nsumhss"
    facilities = base / "facilities-7-states.csv"
    facilities.write_bytes(gzip.decompress((fixtures / "facilities-7-states.csv.gz").read_bytes()))
    out = base / "programs"
    code = main(["import", "nsumhss", str(facilities), "--definitions", str(fixtures / "service_definitions.csv"),
                 "--out", str(out)])
    assert code == 0
    return out


@pytest.fixture(scope="session")
def imported_index(imported_programs, tmp_path_factory):
    """The search index of the imported listings, built once a session, open."""
    from iopdir.build.listings import validate_paths
    from iopdir.search import index

    folder = tmp_path_factory.mktemp("imported-index") / "index"
    index.build([p for p in validate_paths([imported_programs]).programs if p.listed], folder)
    ix = index.Index.open(folder)
    yield ix
    ix.close()
