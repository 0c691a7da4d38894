"""gunicorn's settings for `make serve` and the container image (all overridable by environment).

Threads per worker let one process serve several requests while others wait on the database; the
access log has the path without its query string (personal data is never in a URL, and a query
string is the first place it would leak into a log).
"""

import multiprocessing
import os

_settings = os.environ.get("DJANGO_SETTINGS_MODULE", "schakel.config.settings.production")
bind = os.environ.get("SCHAKEL_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", min(4, multiprocessing.cpu_count() * 2)))
worker_class = "gthread"
threads = int(os.environ.get("WEB_THREADS", "4"))
timeout = int(os.environ.get("WEB_TIMEOUT", "60"))
graceful_timeout = 30
# Seconds an idle keep-alive connection stays open. A client that sends its next request just as
# the server closes an idle connection gets a reset (HTTP/1.1's keep-alive race): browsers resend,
# most API clients do not. gunicorn's 2 s closed connections that 50 clients were about to reuse
# (4 resets in one run of bench/web_load.py; none in two runs with 30 s). With gthread an idle
# connection holds no thread, only a socket.
keepalive = int(os.environ.get("WEB_KEEPALIVE", "30"))
max_requests = 2000  # recycle workers now and then (memory held by big pages)
max_requests_jitter = 200
accesslog = "-"
if os.environ.get("LOG_FORMAT", "json" if "production" in _settings else "plain") == "json":
    access_log_format = (
        '{"logger": "gunicorn.access", "remote": "%(h)s", "method": "%(m)s", "path": "%(U)s", '
        '"status": %(s)s, "bytes": "%(B)s", "ms": %(M)s, "request_id": "%({x-request-id}o)s"}'
    )
else:
    access_log_format = '%(h)s "%(m)s %(U)s" %(s)s %(B)s %(M)sms [%({x-request-id}o)s]'
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
