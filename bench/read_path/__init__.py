"""The read path, side by side: GER, Datasette, the framework's ceiling and nginx.

Run with ``make bench`` (or ``python bench/read_path [--datasets real,10000]``;
``GER_BENCH_PORTS=8140-8149`` and ``GER_BENCH_REDIS_URL`` keep it to the ports and
the Redis database set aside for it on a shared machine).
For each data set (the bundled real data; 10,000 synthetic missions with four
published editions) it builds the database on SQLite and on PostgreSQL (a throwaway
database on 127.0.0.1:5432, Redis on 127.0.0.1:6379 as the cache), exports the SQLite
database to a file that Datasette serves, and measures with Debian's ``wrk``, on
loopback only, at 1, 8 and 32 connections:

- GER under its production server (``ger serve``: gunicorn sync workers, production
  settings) and Datasette answering the same three requests: a filtered mission list
  (50 rows, JSON), a mission detail (JSON) and the full-text search (JSON);
- the framework's ceiling (``/bench/ceiling``, a trivial JSON view of the same
  project, mounted by ``GER_BENCH=true``) and a published edition's page (HTML) and
  snapshot (JSON);
- the edition's static export (``ger build``) served by nginx;
- the peak memory of each server's processes under that load;
- a latency sweep: p50 of every public page and API endpoint, rendered afresh (no
  server cache) and as served (from the cache), one request at a time.

Everything stops by itself; results go to ``bench/results/read-path-*.json`` and
the tables between the ``read-path`` markers of ``bench/README.md``.

The modules: ``common`` (constants, processes), ``data`` (the data sets), ``servers``
(GER, Datasette and its queries, nginx), ``measure`` (wrk, memory, the latency
sweep), ``datasets`` (one data set measured whole), ``report`` (the README's
tables), ``bench_urls`` (the ceiling view's URLconf) and ``__main__``.
"""
