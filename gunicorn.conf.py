"""gunicorn's settings for the web processes, read from the working directory
(`.venv/bin/gunicorn factcheck.wsgi -b 127.0.0.1:8000`); command-line options override them.

Threads (gthread): a large upload (an article of up to ARTICLE_MAX_BYTES) is received and
stored by one thread while the others go on answering. A sync worker is held for the whole of
an upload, so two clients uploading back to back held both workers and every other request
queued behind them (bench/html_bomb.py, docs/RELIABILITY.md). WEB_CONCURRENCY (gunicorn's
own variable) sets the number of processes.
"""

import os

workers = int(os.environ.get("WEB_CONCURRENCY", "2"))
worker_class = "gthread"
threads = 4
timeout = 30
