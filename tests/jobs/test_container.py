"""The container image runs the same path as `make serve` (CI cannot build images here, so this
checks what the image needs: its entry point, and that every file `bin/serve` uses is copied)."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_image_and_make_serve_share_one_entry_point():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert 'ENTRYPOINT ["bin/serve"]' in dockerfile
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^serve:.*\n\tbin/serve$", makefile, re.M)


def test_image_copies_everything_serve_needs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    copied = " ".join(re.findall(r"^COPY (?!--from)(.+)$", dockerfile, re.M))
    for needed in ("manage.py", "gunicorn.conf.py", "bin", "src", "requirements/base.txt"):
        assert needed in copied, needed
    serve = (ROOT / "bin/serve").read_text()
    assert "gunicorn.conf.py" in serve and "manage.py worker" in serve


def test_image_runs_as_a_non_root_user_with_production_settings():
    dockerfile = (ROOT / "Dockerfile").read_text()
    runtime = dockerfile.split("AS runtime", 1)[1]
    assert re.search(r"^USER (?!root)\w+", runtime, re.M)
    assert "DJANGO_SETTINGS_MODULE=schakel.config.settings.production" in runtime
    assert "compilemessages" in dockerfile and "collectstatic" in dockerfile


def test_compose_runs_postgres_web_and_worker():
    compose = (ROOT / "compose.yaml").read_text()
    for service in ("db:", "web:", "worker:"):
        assert f"\n  {service}" in compose
    assert 'command: ["worker"]' in compose and 'command: ["web"]' in compose


def test_compose_web_and_worker_share_the_job_uploads_and_the_checkpoints():
    # An upload is stored by the web container and read by the worker container: both must
    # mount the same volume at SCHAKEL_JOB_DIR, writable by the image's non-root user.
    compose = (ROOT / "compose.yaml").read_text()
    shared = compose.split("services:", 1)[0]  # the x-schakel anchor both services use
    job_dir = re.search(r"SCHAKEL_JOB_DIR: (\S+)", shared)
    assert job_dir, "compose.yaml sets no SCHAKEL_JOB_DIR for web and worker"
    assert re.search(rf"- \w+:{re.escape(job_dir[1])}$", shared, re.M)
    checkpoints = re.search(r"SCHAKEL_AUDIT_CHECKPOINT_DIR: (\S+)", shared)[1]
    runtime = (ROOT / "Dockerfile").read_text().split("AS runtime", 1)[1]
    made = re.search(r"^RUN mkdir -p (.+?) && chown schakel:schakel (.+)$", runtime, re.M)
    assert made and job_dir[1] in made[1] and checkpoints in made[1]
    assert job_dir[1] in made[2] and checkpoints in made[2]
