"""The one task the worker runs: a job, by id (Django's tasks API)."""

from django_tasks import task


@task()
def run_job(job_id: str) -> str:
    from . import services

    return services.run(job_id)
