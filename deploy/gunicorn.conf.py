"""Gunicorn for one web node behind nginx (deploy/nginx/mentoring.conf).

The address comes from whoever starts it (`--bind 127.0.0.1:%i` in
deploy/systemd/mentoring-web@.service, `$PORT` in deploy/Procfile), so every node shares this.
"""

import os

# nginx reads whole requests and buffers whole responses, so a slow client never holds a
# worker: plain sync workers are busy only while Django is.
worker_class = "sync"
workers = int(os.environ.get("WEB_CONCURRENCY", "2"))

# A request stuck this long (a database that stopped answering) loses its worker, which is
# replaced; nginx's proxy_read_timeout is longer, so gunicorn gives up first.
timeout = 30
# On TERM or HUP, requests being answered get this long to finish; systemd's TimeoutStopSec
# is longer.
graceful_timeout = 25
# Workers are replaced now and then, at staggered moments, so memory held by a PDF rendering
# is given back without every worker restarting at once.
max_requests = 1000
max_requests_jitter = 100

# Only nginx on this machine may say a request came over HTTPS, and only with the header the
# app trusts (SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto); gunicorn's other scheme headers
# would turn a client's stray X-Forwarded-Ssl into a 400.
forwarded_allow_ips = "127.0.0.1,::1"
secure_scheme_headers = {"X-FORWARDED-PROTO": "https"}

# To the journal: the client address nginx saw, the request, status, size and time in ms.
accesslog = "-"
access_log_format = '%({x-forwarded-for}i)s "%(r)s" %(s)s %(b)s %(M)sms "%(a)s"'

# Two nodes on one machine would share $HOME/.gunicorn/gunicorn.ctl, which the units keep
# read-only; systemctl reload does what gunicornc would.
control_socket_disable = True
