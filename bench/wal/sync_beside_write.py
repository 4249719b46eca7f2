#!/usr/bin/env python3
"""A log's fdatasync while a large file is written beside it on the same disk
(bench/README.md, "Snapshot files paced"): what a live server's commits wait
for while an automatic snapshot is written.

One thread appends 300 bytes and fdatasyncs, in a loop (the log's commits);
another writes a FILE_MB file ROUNDS times, half a second apart, either as
AtomicFile writes through the page cache (writeback started every 32 MB,
fsync at the end: "burst") or 2 MB at a time, each stretch waited for with
sync_file_range before the next (AtomicFile::Caching::kPaced: "paced").
Prints the syncs' latency percentiles for both, alternated.
    bench/wal/sync_beside_write.py [--dir DIR] [--rounds 5] [--file-mb 100] [--pairs 2]
Bounded: a few seconds a pass; writes only into a temporary directory it removes.
"""
import argparse, ctypes, os, tempfile, threading, time

libc = ctypes.CDLL(None, use_errno=True)
WAIT_BEFORE, WRITE, WAIT_AFTER = 1, 2, 4


def sync_file_range(fd, offset, length, flags):
    if libc.sync_file_range(fd, ctypes.c_int64(offset), ctypes.c_int64(length), flags) != 0:
        raise OSError(ctypes.get_errno(), "sync_file_range")


def write_file(path, megabytes, stretch_mb, wait):
    chunk = b"y" * (1 << 20)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    flushed = written = 0
    for _ in range(megabytes):
        written += os.write(fd, chunk)
        if written - flushed >= stretch_mb << 20:
            sync_file_range(fd, flushed, written - flushed,
                            WAIT_BEFORE | WRITE | WAIT_AFTER if wait else WRITE)
            flushed = written
    os.fsync(fd)
    os.close(fd)


def one_pass(directory, mode, rounds, megabytes):
    latencies, stop = [], threading.Event()

    def log():
        fd = os.open(os.path.join(directory, "log"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
        while not stop.is_set():
            os.write(fd, b"x" * 300)
            start = time.perf_counter()
            os.fdatasync(fd)
            latencies.append((time.perf_counter() - start) * 1e3)
            time.sleep(0.001)
        os.close(fd)

    thread = threading.Thread(target=log)
    thread.start()
    for _ in range(rounds):
        time.sleep(0.5)
        write_file(os.path.join(directory, "snapshot"), megabytes,
                   32 if mode == "burst" else 2, mode == "paced")
    time.sleep(0.5)
    stop.set()
    thread.join()
    v = sorted(latencies)
    at = lambda q: v[min(len(v) - 1, int(q * len(v)))]
    print(f"{mode:5}: {len(v)} syncs, p50 {at(0.5):.2f} ms, p99 {at(0.99):.2f}, "
          f"p99.9 {at(0.999):.2f}, max {v[-1]:.2f}; over 2 ms: {sum(x > 2 for x in v)}, "
          f"together {sum(x for x in v if x > 2):.0f} ms")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=None, help="where to write (the server's disk)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--file-mb", type=int, default=100)
    parser.add_argument("--pairs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as directory:
        for _ in range(args.pairs):
            for mode in ("burst", "paced"):
                one_pass(directory, mode, args.rounds, args.file_mb)


if __name__ == "__main__":
    main()
