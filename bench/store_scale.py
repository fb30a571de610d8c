"""Open a store holding 100,000 messages and search it (issue 5: open ≤ 1 s, search ≤ 100 ms).

Rows are seeded in one transaction with the GUI bench's bulk helper (going through the API would
fsync every message). Open uses the real desktop scrypt parameters, so it includes the
memory-hard unlock. Usage: python bench/store_scale.py [--count 100000]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from gui import seed_bulk  # bench/gui.py

from client.store import Folder, MailboxStore
from profiles.paths import WorkdirPaths

PASSWORD = "bench-passwort-1"  # noqa: S105 - a throw-away bench store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--count", type=int, default=100_000)
    args = parser.parse_args()
    paths = WorkdirPaths.for_scenario(Path(tempfile.mkdtemp(prefix="bebpo-scale-")), "demo")
    paths.create()
    with MailboxStore.create(paths, PASSWORD) as store:
        started = time.perf_counter()
        seed_bulk(store, args.count)
        with store._ctx.db.write() as conn:  # bench-only: index the bulk rows as the API would
            conn.execute(
                "INSERT INTO messages_fts (rowid, betreff, aktenzeichen, sender, recipient,"
                " documents) SELECT id, betreff, aktenzeichen_absender || ' ' ||"
                " aktenzeichen_empfaenger, sender, recipient, '' FROM messages"
            )
        print(f"seeded {args.count} messages in {time.perf_counter() - started:.1f} s")
    opens = []
    for _ in range(3):
        started = time.perf_counter()
        store = MailboxStore.open(paths, PASSWORD)
        opens.append(time.perf_counter() - started)
        store.close()
    print(f"open (incl. scrypt unlock): median {statistics.median(opens) * 1000:.0f} ms")
    with MailboxStore.open(paths, PASSWORD) as store:
        for word in ("Ladung", "Beschluss", "Verwaltungs"):
            times, hits = [], 0
            for _ in range(5):
                started = time.perf_counter()
                hits = len(store.mailbox.search(word))
                times.append(time.perf_counter() - started)
            print(
                f"search {word!r}: median {statistics.median(times) * 1000:.1f} ms, {hits} hits "
                "(first page)"
            )
            times = []
            for _ in range(5):
                started = time.perf_counter()
                hits = len(store.mailbox.search_ids(word, folder=Folder.POSTEINGANG))
                times.append(time.perf_counter() - started)
            print(
                f"  all ids for the GUI's list filter: median "
                f"{statistics.median(times) * 1000:.1f} ms, {hits} ids"
            )


if __name__ == "__main__":
    main()
