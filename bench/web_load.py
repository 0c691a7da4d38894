"""Benchmark: Schakel under concurrent load at the size of a region (issue 10).

    # 1. build a database (demo data, then scaled up with bulk inserts)
    DATABASE_URL=postgres://… .venv/bin/python bench/web_load.py build --scale 1.0
    .venv/bin/python bench/web_load.py build --scale 0.1          # SQLite: bench/out/web_load.sqlite3
    # 2. serve it the production way (bin/serve) and run the mixed workload against it
    .venv/bin/python bench/web_load.py run --clients 50 --duration 60

Scale 1.0 is a large region: 100,000 cases, 300,000 persons, 1,000,000 notes and interventions,
5,000,000 audit entries, 10,000,000 incidents. `run` starts `bin/serve` on the same database
(unless --url is given), logs 50 clients in as demo users and lets each loop over a mix of case
list, case page, dashboard, persons search (API), add note, register a signal and triage it.
It prints p50/p95/p99 per kind, throughput and errors; afterwards it checks that every note and
signal it wrote can be read back and that `verify_audit_chain` passes. Forms are filled from the
page's own HTML (every field with a sensible value), so the workload follows the forms as they
change. Figures go into docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
OUT = ROOT / "bench" / "out"

REGION = {
    "cases": 100_000,
    "persons": 300_000,
    "notes": 500_000,
    "interventions": 500_000,
    "audit": 5_000_000,
    "incidents": 10_000_000,
}
BATCH = 5_000


def database_url() -> str:
    if "DATABASE_URL" in os.environ:
        return os.environ["DATABASE_URL"]
    OUT.mkdir(parents=True, exist_ok=True)
    return f"sqlite:///{OUT / 'web_load.sqlite3'}"


def setup_django() -> None:
    url = database_url()
    os.environ["DATABASE_URL"] = url
    # Checkpoints of this database's chain beside it, not among those of the development database.
    name = re.sub(r"\W+", "-", url.rsplit("/", 1)[-1])
    os.environ.setdefault("SCHAKEL_AUDIT_CHECKPOINT_DIR", str(OUT / f"checkpoints-{name}"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "schakel.config.settings.dev")
    os.environ.setdefault("DEBUG", "0")
    import django

    django.setup()


# ---------------------------------------------------------------------------------------------
# build


def build(scale: float, seed: int, steps=(), counts=None) -> None:
    setup_django()
    from django.core.management import call_command
    from django.db import connection

    rng = random.Random(seed)
    started = time.perf_counter()
    call_command("prepare", no_static=True, verbosity=0)
    print(f"migrated and demo loaded in {time.perf_counter() - started:.0f} s")
    sizes = {name: max(1, int(count * scale)) for name, count in REGION.items()}
    sizes.update(counts or {})
    for step in (_persons, _cases, _notes, _interventions, _incidents, _audit):
        if steps and step.__name__[1:] not in steps:
            continue
        t0 = time.perf_counter()
        count = step(rng, sizes)
        print(f"{step.__name__[1:]:>14}: {count:>10,} rows in {time.perf_counter() - t0:7.1f} s")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    print(f"built in {time.perf_counter() - started:.0f} s ({connection.vendor})")


def _batched(rows, model, **kwargs) -> int:
    """Insert model instances: COPY on PostgreSQL, bulk inserts of BATCH rows elsewhere."""
    from django.db import connection, transaction

    if connection.vendor == "postgresql":
        return _copy(rows, model)
    total = 0
    batch = []
    for row in rows:
        batch.append(row)
        if len(batch) >= BATCH:
            with transaction.atomic():
                model.objects.bulk_create(batch, **kwargs)
            total += len(batch)
            batch = []
    if batch:
        with transaction.atomic():
            model.objects.bulk_create(batch, **kwargs)
        total += len(batch)
    return total


def _copy(rows, model) -> int:
    """COPY unsaved instances into the model's table (every concrete column but the key)."""
    from django.db import connection, transaction

    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    table = connection.ops.quote_name(model._meta.db_table)
    total = 0
    with transaction.atomic():
        connection.ensure_connection()
        with (
            connection.connection.cursor() as cursor,
            cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
        ):
            for obj in rows:
                copy.write_row(
                    [f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields]
                )
                total += 1
    return total


GIVEN = ["Jan", "Anna", "Mohammed", "Fatima", "Sem", "Julia", "Daan", "Emma", "Noah", "Sara"]
SURNAMES = ["de Vries", "Jansen", "Bakker", "Visser", "Smit", "Meijer", "Yilmaz", "El Amrani"]


def _persons(rng, sizes) -> int:
    from schakel.registry.models import Address, Person

    addresses = list(Address.objects.values_list("pk", flat=True))

    def rows():
        for n in range(sizes["persons"]):
            surname = rng.choice(SURNAMES)
            yield Person(
                given_names=rng.choice(GIVEN),
                surname=f"{surname}-{n}",
                date_of_birth=dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(25_000)),
                address_id=rng.choice(addresses) if addresses else None,
            )

    return _batched(rows(), Person)


def _cases(rng, sizes) -> int:
    from schakel.cases.models import Case, CaseParticipation
    from schakel.organisations.models import Organisation, User
    from schakel.plans.models import ActionPlan
    from schakel.registry.models import Person
    from schakel.triage.models import EscalationLevel

    house = Organisation.objects.filter(kind="veiligheidshuis").order_by("pk").first()
    partners = list(Organisation.objects.exclude(pk=house.pk).values_list("pk", flat=True))
    coordinators = list(User.objects.filter(role="coordinator").values_list("pk", flat=True)) or [
        None
    ]
    levels = list(EscalationLevel.objects.values_list("pk", flat=True))
    inviter = User.objects.filter(role="coordinator").order_by("pk").values_list("pk", flat=True)[0]
    first = (Case.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    statuses = ["triage", "casusoverleg", "plan_vastgesteld", "uitvoering", "nazorg", "afgesloten"]

    def rows():
        for n in range(sizes["cases"]):
            yield Case(
                reference=f"C-B-{first + n:07d}",
                title=f"Casus {first + n}",
                status=rng.choice(statuses),
                level_id=rng.choice(levels),
                host_organisation=house,
                lead_organisation_id=rng.choice(partners),
                coordinator_id=rng.choice(coordinators),
            )

    count = _batched(rows(), Case)
    new_cases = list(Case.objects.filter(reference__startswith="C-B-").values_list("pk", flat=True))
    _batched(
        (
            CaseParticipation(
                case_id=case, organisation_id=org, purpose="Deelname", invited_by_id=inviter
            )
            for case in new_cases
            for org in rng.sample(partners, k=min(3, len(partners)))
        ),
        CaseParticipation,
        ignore_conflicts=True,
    )
    _batched((ActionPlan(case_id=case) for case in new_cases), ActionPlan)
    person_ids = list(Person.objects.values_list("pk", flat=True))
    through = Case.persons.through
    _batched(
        (
            through(case_id=case, person_id=person)
            for case in new_cases
            for person in rng.sample(person_ids, k=3)
        ),
        through,
        ignore_conflicts=True,
    )
    return count


def _notes(rng, sizes) -> int:
    from schakel.cases.models import Case, CaseNote
    from schakel.organisations.models import User

    authors = list(
        User.objects.filter(organisation__isnull=False).values_list("pk", "organisation")
    )
    cases = list(Case.objects.values_list("pk", flat=True))

    def rows():
        for n in range(sizes["notes"]):
            author, organisation = rng.choice(authors)
            yield CaseNote(
                case_id=rng.choice(cases),
                category=rng.choice(["general", "general", "justice", "care"]),
                text=f"Notitie {n}: afspraak gemaakt en nagekomen.",
                author_id=author,
                organisation_id=organisation,
            )

    return _batched(rows(), CaseNote)


def _interventions(rng, sizes) -> int:
    from schakel.organisations.models import Organisation
    from schakel.plans.models import ActionPlan, Intervention, InterventionType

    plans = list(ActionPlan.objects.values_list("pk", flat=True))
    types = list(InterventionType.objects.values_list("pk", flat=True))
    organisations = list(Organisation.objects.values_list("pk", flat=True))
    today = dt.date.today()

    def rows():
        for n in range(sizes["interventions"]):
            yield Intervention(
                plan_id=rng.choice(plans),
                type_id=rng.choice(types),
                owner_organisation_id=rng.choice(organisations),
                description=f"Interventie {n}",
                deadline=today + dt.timedelta(days=rng.randrange(-200, 200)),
            )

    return _batched(rows(), Intervention)


def _incidents(rng, sizes) -> int:
    from django.db import connection, transaction

    from schakel.incidents.models import Incident

    if connection.vendor == "postgresql":
        # Generated by the server (the fast import itself is measured in bench/incidents_*).
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"""
                INSERT INTO {Incident._meta.db_table}
                    (source_id, occurred_at, category, x, y, created_at)
                SELECT 'B' || lpad(n::text, 9, '0'),
                       timestamptz '2022-01-01' + (random() * 2000000) * interval '1 minute',
                       (ARRAY['inbraak','vernieling','overlast','drugs','geweld','fietsdiefstal'])
                           [1 + floor(random() * 6)::int],
                       155000 + random() * 10000, 463000 + random() * 10000, now()
                FROM generate_series(1, %s) AS n
                """,
                [sizes["incidents"]],
            )
            return cursor.rowcount

    start = dt.datetime(2022, 1, 1, tzinfo=dt.UTC)
    categories = ["inbraak", "vernieling", "overlast", "drugs", "geweld", "fietsdiefstal"]

    def rows():
        for n in range(sizes["incidents"]):
            yield Incident(
                source_id=f"B{n:09d}",
                occurred_at=start + dt.timedelta(minutes=rng.randrange(2_000_000)),
                category=rng.choice(categories),
                x=155_000 + rng.random() * 10_000,
                y=463_000 + rng.random() * 10_000,
            )

    return _batched(rows(), Incident)


def _audit(rng, sizes) -> int:
    """Audit entries through the chain's own bulk writer, so the chain verifies afterwards."""
    from django.db import connection

    from schakel.audit import services
    from schakel.audit.models import AuditAction, Purpose
    from schakel.organisations.models import User
    from schakel.registry.models import Person

    users = list(User.objects.filter(organisation__isnull=False)[:20])
    persons = list(Person.objects.values_list("pk", flat=True)[:50_000])
    if connection.vendor == "postgresql":
        return _copy_audit(rng, sizes["audit"], users, persons)
    written = 0
    while written < sizes["audit"]:
        n = min(BATCH, sizes["audit"] - written)
        user = rng.choice(users)
        services._append(
            [
                services._fields(
                    user,
                    AuditAction.VIEW,
                    object_type="registry.person",
                    object_id=person,
                    person_id=person,
                    purpose=Purpose.CASE_HANDLING,
                )
                for person in rng.choices(persons, k=n)
            ]
        )
        written += n
    return written


def _copy_audit(rng, count: int, users, persons) -> int:
    """Chain `count` view entries in Python (the real hash) and COPY them, under the chain lock."""
    from django.db import connection, transaction

    from schakel.audit import services
    from schakel.audit.chain import CURRENT_HASH_VERSION, GENESIS_HASH, audit_key, compute_hash
    from schakel.audit.models import AuditAction, AuditEntry, Purpose

    key = audit_key()
    columns = [
        "timestamp", "user_id_ref", "username", "organisation_name", "role", "action",
        "object_type", "object_id", "person_id_ref", "purpose", "detail", "client_address",
        "session_ref", "previous_hash", "entry_hash", "hash_version",
    ]  # fmt: skip
    templates = [
        services._fields(
            user, AuditAction.VIEW, object_type="registry.person", purpose=Purpose.CASE_HANDLING
        )
        for user in users
    ]
    start = dt.datetime(2024, 1, 1, tzinfo=dt.UTC)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [services._CHAIN_LOCK_ID])
        previous = (
            AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
            or GENESIS_HASH
        )
        with connection.connection.cursor() as cursor:
            table = AuditEntry._meta.db_table
            with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for n in range(count):
                    person = rng.choice(persons)
                    fields = {
                        **rng.choice(templates),
                        "timestamp": start + dt.timedelta(seconds=n * 6),
                        "object_id": str(person),
                        "person_id_ref": person,
                    }
                    entry_hash = compute_hash(previous, fields, CURRENT_HASH_VERSION, key)
                    fields.update(
                        previous_hash=previous,
                        entry_hash=entry_hash,
                        hash_version=CURRENT_HASH_VERSION,
                    )
                    copy.write_row([fields[c] for c in columns])
                    previous = entry_hash
    return count


# ---------------------------------------------------------------------------------------------
# run


class FormParser(HTMLParser):
    """The fields of every form on a page: action → {name: value} with sensible values filled in."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self._form: dict | None = None
        self._select: str | None = None
        self._select_required = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {
                "action": a.get("action", ""),
                "method": a.get("method", "get"),
                "fields": {},
            }
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and a.get("name"):
            kind = a.get("type", "text")
            name = a["name"]
            fields = self._form["fields"]
            required = "required" in a
            if kind in ("checkbox", "radio"):
                if "checked" in a or (required and name not in fields):
                    fields[name] = a.get("value", "on")
            elif kind in ("submit", "button", "file"):
                pass
            elif a.get("value"):
                fields[name] = a["value"]
            elif required and kind == "date":
                fields[name] = (dt.date.today() + dt.timedelta(days=30)).isoformat()
            elif required and kind == "number":
                fields[name] = "1"
            elif required:
                fields[name] = "Belastingtest"
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self._select_required = "required" in a
        elif tag == "option" and self._select and a.get("value"):
            fields = self._form["fields"]
            if "selected" in a or (self._select_required and self._select not in fields):
                fields[self._select] = a["value"]
        elif tag == "textarea" and a.get("name") and "required" in a:
            self._form["fields"][a["name"]] = "Belastingtest: afspraak gemaakt."

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "select":
            self._select = None


def forms_of(html: str) -> list[dict]:
    parser = FormParser()
    parser.feed(html)
    return parser.forms


class Client:
    """One browser: its own connection pool and cookies. A log-in (a deliberately slow password
    hash) is done once per user before the clock starts; each client gets a copy of its cookies."""

    _logged_in: dict[str, dict] = {}

    def __init__(self, base: str, username: str):
        import requests

        self.base = base
        self.session = requests.Session()
        if username not in self._logged_in:
            self._logged_in[username] = self._log_in(username)
        self.session.cookies.update(self._logged_in[username])

    def _log_in(self, username: str) -> dict:
        page = self.session.get(f"{self.base}/inloggen/", timeout=60)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        response = self.session.post(
            f"{self.base}/inloggen/",
            data={"username": username, "password": "demo", "csrfmiddlewaretoken": token},
            headers={"Referer": f"{self.base}/inloggen/"},
            timeout=60,
            allow_redirects=False,
        )
        if response.status_code != 302:
            raise RuntimeError(f"log-in as {username} failed: {response.status_code}")
        return self.session.cookies.get_dict()

    def get(self, path: str):
        return self.session.get(self.base + path, timeout=60, allow_redirects=False)

    def post_form(self, page_path: str, action_contains: str, overrides: dict | None = None):
        page = self.get(page_path)
        form = next(
            f
            for f in forms_of(page.text)
            if f["method"].lower() == "post"
            and (action_contains in f["action"] if action_contains else not f["action"])
        )
        data = {**form["fields"], **(overrides or {})}
        action = form["action"] or page_path
        return self.session.post(
            self.base + action,
            data=data,
            headers={"Referer": self.base + page_path},
            timeout=60,
            allow_redirects=False,
        )

    def api_post(self, path: str, payload: dict):
        # the newest csrftoken (a copied log-in and a later response may each have set one)
        token = next(
            (c.value for c in reversed(list(self.session.cookies)) if c.name == "csrftoken"), ""
        )
        return self.session.post(
            self.base + path,
            json=payload,
            headers={"X-CSRFToken": token, "Referer": self.base + "/"},
            timeout=60,
        )


def run(args) -> None:
    setup_django()
    from schakel.cases.models import Case

    case_ids = list(
        Case.objects.filter(host_organisation__kind="veiligheidshuis")
        .exclude(status__in=["afgesloten", "afgewezen", "doorverwezen"])
        .order_by("?")
        .values_list("pk", flat=True)[:2000]
    )
    serve = None
    base = args.url
    if not base:
        base = f"http://127.0.0.1:{args.port}"
        env = {
            **os.environ,
            "SCHAKEL_BIND": f"127.0.0.1:{args.port}",
            "SCHAKEL_PREPARE_ARGS": "--no-static",
            "WEB_CONCURRENCY": str(args.workers),
        }
        OUT.mkdir(parents=True, exist_ok=True)
        server_log = open(OUT / "web_load_server.log", "w")  # noqa: SIM115 -- open while it serves
        serve = subprocess.Popen(
            [str(ROOT / "bin/serve")],
            cwd=ROOT,
            env=env,
            # The server's log (JSON lines, no personal data), to look into errors afterwards.
            stdout=server_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _wait_ready(base)
    latencies: dict[str, list[float]] = {}
    errors: dict[str, int] = {}
    error_kinds: dict[str, int] = {}  # "page status" or "page exception": what went wrong
    written = {"notes": [], "signals": []}
    lock = threading.Lock()
    stop_at = time.monotonic() + args.duration

    def measure(kind, call, *args):
        t0 = time.perf_counter()
        try:
            response = call(*args)
            ok = response.status_code < 400
            what = str(response.status_code)
        except Exception as error:  # noqa: BLE001 — every failure counts
            ok = False
            response = None
            # the exception and the innermost reason (a reset, a refused connection, a
            # timeout), to tell the server's doing from the network's; URLs carry only ids
            reason = error
            while reason.__cause__ or reason.__context__:
                reason = reason.__cause__ or reason.__context__
            what = f"{type(error).__name__} ({type(reason).__name__})"
        elapsed = time.perf_counter() - t0
        with lock:
            latencies.setdefault(kind, []).append(elapsed)
            if not ok:
                errors[kind] = errors.get(kind, 0) + 1
                error_kinds[f"{kind} {what}"] = error_kinds.get(f"{kind} {what}", 0) + 1
        return response

    partners = ["politie", "wijkteam", "reclassering", "corporatie"]
    clients = []
    for n in range(args.clients):
        rng = random.Random(n)
        clients.append((rng, Client(base, "regisseur"), Client(base, rng.choice(partners))))
    stop_at = time.monotonic() + args.duration

    def client_loop(n: int) -> None:
        rng, regisseur, partner = clients[n]
        while time.monotonic() < stop_at:
            try:
                one_step(n, rng, regisseur, partner)
            except Exception:  # noqa: BLE001 — a failed step is an error, never a lost client
                with lock:
                    errors["client"] = errors.get("client", 0) + 1

    def one_step(n, rng, regisseur, partner) -> None:
        if True:
            kind = rng.choices(
                ["case_list", "case_page", "dashboard", "persons_api", "add_note", "signal"],
                weights=[20, 30, 15, 15, 15, 5],
            )[0]
            if kind == "case_list":
                measure(kind, regisseur.get, "/casussen/")
            elif kind == "case_page":
                case = rng.choice(case_ids)
                measure(kind, regisseur.get, f"/casussen/{case}/")
            elif kind == "dashboard":
                measure(kind, partner.get, "/")
            elif kind == "persons_api":
                measure(kind, regisseur.api_post, "/api/v1/persons/_zoek", {"search": "Jansen"})
            elif kind == "add_note":
                case = rng.choice(case_ids)
                text = f"Belastingnotitie {n}-{time.time_ns()}"
                response = measure(
                    kind,
                    regisseur.post_form,
                    f"/casussen/{case}/notities/",  # the case's notes section holds the form
                    "/notities/",
                    {"text": text, "category": "general"},
                )
                if response is not None and response.status_code == 302:
                    with lock:
                        written["notes"].append(text)
            else:
                description = f"Belastingsignaal {n}-{time.time_ns()}"
                response = measure(
                    "create_signal",
                    partner.post_form,
                    "/signalen/nieuw/",
                    "",
                    {"description": description},
                )
                if response is not None and response.status_code == 302:
                    with lock:
                        written["signals"].append(description)
                    match = re.search(r"/signalen/(\d+)/", response.headers.get("Location", ""))
                    if match:
                        pk = match.group(1)
                        measure(
                            "triage",
                            regisseur.post_form,
                            f"/signalen/{pk}/",
                            "/triage/",
                        )

    threads = [threading.Thread(target=client_loop, args=(n,)) for n in range(args.clients)]
    samples: list[tuple[int, int]] = []
    sampler = threading.Thread(target=_sample_lock_waits, args=(stop_at, samples), daemon=True)
    cpu_before = _cpu_by_program()
    t0 = time.perf_counter()
    for thread in threads:
        thread.start()
    sampler.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - t0
    cpu_used: dict[str, float] = {}
    for pid, (program, seconds) in _cpu_by_program().items():
        spent = seconds - cpu_before.get(pid, (program, 0.0))[1]
        cpu_used[program] = round(cpu_used.get(program, 0.0) + spent, 1)
    if serve is not None:
        os.killpg(serve.pid, signal.SIGTERM)
        serve.wait(timeout=60)

    from django.core.management import call_command

    from schakel.cases.models import CaseNote
    from schakel.intake.models import Signal

    notes_back = CaseNote.objects.filter(text__in=written["notes"]).count()
    signals_back = Signal.objects.filter(description__in=written["signals"]).count()
    try:
        if args.no_verify:
            raise LookupError
        call_command("verify_audit_chain", verbosity=0)
        chain = "intact"
    except LookupError:
        chain = "not verified (--no-verify)"
    except SystemExit as exit_:
        chain = "intact" if not exit_.code else "BROKEN"
    except Exception as error:  # noqa: BLE001
        chain = f"BROKEN ({type(error).__name__})"

    total = sum(len(v) for v in latencies.values())
    report = {
        "database": database_url().split(":")[0],
        "clients": args.clients,
        "seconds": round(wall, 1),
        "requests": total,
        "throughput_rps": round(total / wall, 1),
        "errors": errors,
        "error_kinds": error_kinds,
        # CPU seconds during the run per program on this machine (where the two cores went)
        "cpu_seconds": {name: v for name, v in sorted(cpu_used.items()) if v >= 0.5},
        "written_read_back": {
            "notes": f"{notes_back}/{len(written['notes'])}",
            "signals": f"{signals_back}/{len(written['signals'])}",
        },
        "audit_chain": chain,
        "latency_ms": {
            kind: {
                "n": len(values),
                "p50": round(1000 * statistics.median(values)),
                "p95": round(1000 * _quantile(values, 0.95)),
                "p99": round(1000 * _quantile(values, 0.99)),
            }
            for kind, values in sorted(latencies.items())
        },
    }
    if samples:
        # Little's law: the mean number of requests waiting for the chain lock divided by the
        # throughput is the mean time a request spends waiting for it.
        waiting = statistics.mean(w for w, _ in samples)
        report["audit_chain_lock"] = {
            "samples": len(samples),
            "mean_waiting": round(waiting, 2),
            "mean_active_queries": round(statistics.mean(a for _, a in samples), 2),
            "share_of_samples_with_a_waiter": round(
                sum(1 for w, _ in samples if w) / len(samples), 3
            ),
            "mean_wait_per_request_ms": round(1000 * waiting / (total / wall), 1)
            if total
            else None,
        }
    all_values = [v for values in latencies.values() for v in values]
    if all_values:
        report["latency_ms"]["all"] = {
            "n": len(all_values),
            "p50": round(1000 * statistics.median(all_values)),
            "p95": round(1000 * _quantile(all_values, 0.95)),
            "p99": round(1000 * _quantile(all_values, 0.99)),
        }
    print(json.dumps(report, indent=2))


# ---------------------------------------------------------------------------------------------
# profile: each page in-process, its queries counted and timed


def profile(args) -> None:
    """Each page of the workload (and the analysis pages) through Django's test client, in this
    process: wall time, number of queries, time in SQL and the slowest statements."""
    setup_django()
    from django.conf import settings
    from django.db import connection, reset_queries
    from django.test import Client as DjangoClient

    from schakel.cases.models import Case
    from schakel.organisations.models import User

    settings.DEBUG = True  # so that connection.queries records every statement
    settings.ALLOWED_HOSTS = ["*"]
    case = (
        Case.objects.filter(host_organisation__kind="veiligheidshuis", reference__startswith="C-B-")
        .exclude(status__in=["afgesloten", "afgewezen", "doorverwezen"])
        .order_by("pk")
        .first()
        or Case.objects.order_by("pk").first()
    )

    def client(username):
        c = DjangoClient()
        c.force_login(User.objects.get(username=username))
        return c

    regisseur, partner = client("regisseur"), client("politie")
    pages = {
        "case_list": lambda: regisseur.get("/casussen/"),
        "case_page": lambda: regisseur.get(f"/casussen/{case.pk}/"),
        "dashboard": lambda: partner.get("/"),
        "persons_api": lambda: regisseur.post(
            "/api/v1/persons/_zoek", {"search": "Jansen"}, content_type="application/json"
        ),
        "add_note": lambda: _post_page_form(
            regisseur,
            f"/casussen/{case.pk}/notities/",
            "/notities/",
            {"text": "Profiel", "category": "general"},
        ),
        "create_signal": lambda: _post_page_form(
            partner, "/signalen/nieuw/", "", {"description": "Profielsignaal"}
        ),
        "hotspots": lambda: regisseur.get("/incidenten/hotspots/"),
        "hotspots_geojson": lambda: regisseur.get("/incidenten/hotspots.geojson"),
        "emerging": lambda: regisseur.get("/incidenten/opkomend/"),
        "emerging_geojson": lambda: regisseur.get("/incidenten/opkomend.geojson"),
    }
    signal_pk = None
    rows = []
    for name, call in pages.items():
        if args.only and name not in args.only:
            continue
        call()  # warm: caches, analyses, sessions
        timings = []
        for _ in range(args.repeat):
            reset_queries()
            t0 = time.perf_counter()
            response = call()
            timings.append(time.perf_counter() - t0)
            queries = list(connection.queries)
        if name == "create_signal":
            match = re.search(r"/signalen/(\d+)/", response.get("Location", ""))
            signal_pk = match and match.group(1)
        sql = sum(float(q["time"]) for q in queries)
        rows.append((name, response.status_code, len(queries), min(timings), sql))
        print(
            f"{name:>17}: {response.status_code} {len(queries):3d} queries, "
            f"best {1000 * min(timings):6.0f} ms, SQL {1000 * sql:6.0f} ms"
        )
        for q in sorted(queries, key=lambda q: -float(q["time"]))[: args.slowest]:
            print(f"      {1000 * float(q['time']):7.1f} ms  {q['sql'][:300]}")
    if signal_pk and (not args.only or "triage" in args.only):
        reset_queries()
        t0 = time.perf_counter()
        response = _post_page_form(regisseur, f"/signalen/{signal_pk}/", "/triage/", {})
        elapsed = time.perf_counter() - t0
        queries = list(connection.queries)
        sql = sum(float(q["time"]) for q in queries)
        print(
            f"{'triage':>17}: {response.status_code} {len(queries):3d} queries, "
            f"once {1000 * elapsed:6.0f} ms, SQL {1000 * sql:6.0f} ms"
        )
        for q in sorted(queries, key=lambda q: -float(q["time"]))[: args.slowest]:
            print(f"      {1000 * float(q['time']):7.1f} ms  {q['sql'][:300]}")


def _post_page_form(client, page_path: str, action_contains: str, overrides: dict):
    page = client.get(page_path)
    form = next(
        f
        for f in forms_of(page.content.decode())
        if f["method"].lower() == "post"
        and (action_contains in f["action"] if action_contains else not f["action"])
    )
    return client.post(form["action"] or page_path, {**form["fields"], **overrides})


def _sample_lock_waits(stop_at: float, samples: list) -> None:
    """On PostgreSQL, every 50 ms: how many sessions wait for an advisory lock (the audit
    chain's), and how many run a query."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        host=settings["HOST"], port=settings["PORT"] or 5432, dbname=settings["NAME"],
        user=settings["USER"], password=settings["PASSWORD"], autocommit=True,
    ) as conn:  # fmt: skip
        while time.monotonic() < stop_at:
            row = conn.execute(
                "SELECT count(*) FILTER (WHERE wait_event_type = 'Lock' AND wait_event = 'advisory'),"
                " count(*) FILTER (WHERE state = 'active')"
                " FROM pg_stat_activity WHERE datname = current_database()"
                " AND pid <> pg_backend_pid()"
            ).fetchone()
            samples.append((row[0], row[1]))
            time.sleep(0.05)


def _cpu_by_program() -> dict[int, tuple[str, float]]:
    """CPU seconds (user + system) of every process on this machine, by pid, with its program:
    the load generator (this process), gunicorn, the job worker, PostgreSQL or other. A process
    that ended before the second reading is not counted (the server's processes live through a
    run)."""
    tick = os.sysconf("SC_CLK_TCK")
    found: dict[int, tuple[str, float]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        name, fields = stat[stat.index("(") + 1 : stat.rindex(")")], stat.rsplit(")", 1)[1].split()
        seconds = (int(fields[11]) + int(fields[12])) / tick
        if int(entry.name) == os.getpid():
            program = "load generator"
        elif "gunicorn" in command:
            program = "gunicorn"
        elif "manage.py worker" in command:
            program = "job worker"
        elif name == "postgres" or command.startswith("postgres"):
            program = "PostgreSQL"
        else:
            program = "other"
        found[int(entry.name)] = (program, seconds)
    return found


def _quantile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))]


def _wait_ready(base: str, seconds: float = 300) -> None:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if requests.get(f"{base}/health/ready/", timeout=5).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(1)
    raise RuntimeError("bin/serve did not become ready")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="build a region-sized database")
    b.add_argument("--scale", type=float, default=0.1, help="1.0 = a large region")
    b.add_argument("--seed", type=int, default=2026)
    b.add_argument(
        "--steps", nargs="*", default=[], help="only these (persons cases notes interventions "
        "incidents audit), e.g. to finish a build that was interrupted"
    )  # fmt: skip
    b.add_argument("--incidents", type=int, help="another number of incidents than the scale's")
    r = sub.add_parser("run", help="serve the database and run the mixed workload")
    r.add_argument("--clients", type=int, default=50)
    r.add_argument("--duration", type=float, default=60)
    r.add_argument("--workers", type=int, default=4)
    r.add_argument("--port", type=int, default=8765)
    r.add_argument("--url", default="", help="an already running Schakel instead of bin/serve")
    r.add_argument("--no-verify", action="store_true", help="skip verify_audit_chain afterwards")
    p = sub.add_parser("profile", help="each page in-process: queries and their time")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--slowest", type=int, default=3)
    p.add_argument("--only", nargs="*", default=[])
    args = parser.parse_args()
    if args.command == "build":
        counts = {"incidents": args.incidents} if args.incidents is not None else {}
        build(args.scale, args.seed, args.steps, counts)
    elif args.command == "profile":
        profile(args)
    else:
        run(args)


if __name__ == "__main__":
    main()
