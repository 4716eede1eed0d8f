"""`make soak` (issue 14): faults survived, on loopback, in a few minutes.

Run: make soak (or .venv/bin/python bench/soak/run.py; SOAK_MODE=alternating skips nginx).

1. A PostgreSQL cluster of its own (bench/soak/cluster.py): initdb into a temporary directory
   and started on a free port, so its restart never touches the machine's PostgreSQL; as root,
   it runs as the postgres user. Always stopped and removed at the end.
2. Migrated, and 50 pairs in Enabling made with the demo's workflows (bench/soak/data.py):
   each mentee has an upcoming and a held meeting, an action plan and an amendment being drafted.
3. Two gunicorn nodes (2 sync workers each) with production's settings (bench/soak/settings.py:
   DEBUG off, plain HTTP, emails to files), two task workers (`manage.py run_worker`, or
   `db_worker` where the project has no run_worker), and nginx in front when it is installed
   (the deploy recipe's upstream and locations when deploy/nginx/ has them); without nginx, each
   user's requests alternate between the two nodes ("alternating clients").
4. 50 virtual users for 60 s (bench/soak/users.py): each signs in through the sign-in page, reads
   the home, pair, meetings and action plan pages, and writes meeting notes, action steps, 3-2-1
   reflections, agreement drafts and new meetings (which email the mentor), each write with a
   unique token. Every request is recorded: when, which node, status, latency, acknowledged.
5. At 25 s PostgreSQL restarts (`pg_ctl restart -m fast`); at 42 s a batch of 40 emails is
   queued and task worker 1 is killed with SIGKILL while running one, then restarted with the
   same worker id.
6. Afterwards, once the workers drained the queue (bench/soak/checks.py): every acknowledged
   token read back from the database, and the emails counted, each expected exactly once.

The report (bench/soak/report.py) is printed and written to bench/results/issue14-soak.txt:
errors per second around the restart, 5xx other than 503, errors outside the restart window,
seconds to recover, acknowledged writes lost, sessions lost across nodes, emails sent exactly
once, the killed worker's task, p50/p95 latency, and whether each form submission answered 503
gave back what was typed.
"""
