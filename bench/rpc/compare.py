#!/usr/bin/env python3
"""Same-run, alternating RPC comparison on the standard workload.

Runs, for each round and each caller count, every stack in turn (A B C D,
A B C D, ...), each with a fresh server pinned to core 0 (`taskset -c 0`)
and its client pinned to core 1 (`taskset -c 1`), and prints a table of
medians over the rounds: calls/s, p50 and p99 per stack, and the ratios of
thriftgen async to the sync baseline and to volo's best. Records the
machine's load (`uptime`) before and after.

Stacks (binaries built by compare.sh):
  thriftgen   bench/rpc rpc-server / rpc-client (async, one pipelined connection)
  sync        bench/rpc sync-server / sync-client (thrift TServer, 256 workers;
              generated blocking client, one connection and thread per caller)
  volo-pool   bench/volo volo-server / volo-client (pooled)
  volo-mux    bench/volo volo-server --multiplex / volo-client --multiplex

Usage: compare.py --bin DIR [--volo-bin DIR] [--rounds R] [--seconds S]
                  [--warmup W] [--callers 1,8,128] [--batch-rounds N]
"""

import argparse
import os
import re
import signal
import statistics
import subprocess
import sys
import time

LINE = re.compile(
    r"calls_per_sec=([\d.]+) p50_us=([\d.]+) p99_us=([\d.]+) errors=(\d+)")


def stacks(bin_dir, volo_dir):
    out = [
        ("thriftgen", [f"{bin_dir}/rpc-server"], [f"{bin_dir}/rpc-client"]),
        ("sync", [f"{bin_dir}/sync-server"], [f"{bin_dir}/sync-client"]),
    ]
    if volo_dir:
        out += [
            ("volo-pool", [f"{volo_dir}/volo-server"], [f"{volo_dir}/volo-client"]),
            ("volo-mux", [f"{volo_dir}/volo-server", "--multiplex"],
             [f"{volo_dir}/volo-client", "--multiplex"]),
        ]
    return out


def run_one(server_cmd, client_cmd, callers, seconds, warmup, msg_bytes):
    server = subprocess.Popen(
        ["taskset", "-c", "0"] + server_cmd + ["--port", "0"],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        line = server.stdout.readline()
        port = line.strip().rsplit(":", 1)[-1]
        if not port.isdigit():
            return None, f"server said {line!r}"
        client = subprocess.run(
            ["taskset", "-c", "1"] + client_cmd + [
                "--port", port, "--callers", str(callers),
                "--seconds", str(seconds), "--warmup", str(warmup),
                "--msg-bytes", str(msg_bytes)],
            capture_output=True, text=True, timeout=warmup + seconds + 60)
        last = (client.stdout.strip().splitlines() or [""])[-1]
        m = LINE.search(last)
        if not m:
            return None, f"client said {last!r} {client.stderr[-300:]!r}"
        rate, p50, p99, errors = m.groups()
        return (float(rate), float(p50), float(p99), int(errors)), None
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def fmt_rate(r):
    return f"{r / 1000:.1f}k"


def fmt_us(us):
    return f"{us / 1000:.2f} ms" if us >= 1000 else f"{us:.0f} µs"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--bin", required=True)
    ap.add_argument("--volo-bin")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--seconds", type=float, default=5.0)
    ap.add_argument("--warmup", type=float, default=1.0)
    ap.add_argument("--msg-bytes", type=int, default=1024)
    ap.add_argument("--callers", default="1,8,128")
    ap.add_argument("--batch-rounds", type=int, default=20)
    ap.add_argument("--only", help="comma-separated stack names")
    args = ap.parse_args()
    callers = [int(c) for c in args.callers.split(",")]
    all_stacks = stacks(args.bin, args.volo_bin)
    if args.only:
        keep = args.only.split(",")
        all_stacks = [s for s in all_stacks if s[0] in keep]
    names = [s[0] for s in all_stacks]

    load_before = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    print(f"load before: {load_before}", flush=True)
    print(f"{args.rounds} rounds x callers {callers} x stacks {names}, "
          f"{args.warmup} s warm-up + {args.seconds} s each, "
          f"{args.msg_bytes}-byte echo, server taskset -c 0, client taskset -c 1", flush=True)
    results = {}  # (stack, callers) -> [(rate, p50, p99, errors)]
    failures = []
    for rnd in range(args.rounds):
        for n in callers:
            for name, server_cmd, client_cmd in all_stacks:
                got, why = run_one(server_cmd, client_cmd, n, args.seconds,
                                   args.warmup, args.msg_bytes)
                if got is None:
                    failures.append(f"round {rnd + 1} {name} x{n}: {why}")
                    print(f"  round {rnd + 1} {name:10} x{n:<4} FAILED: {why}", flush=True)
                    continue
                results.setdefault((name, n), []).append(got)
                print(f"  round {rnd + 1} {name:10} x{n:<4} {got[0]:10.1f}/s "
                      f"p50 {got[1]:8.1f} µs p99 {got[2]:9.1f} µs errors {got[3]}",
                      flush=True)
    load_after = subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()

    def med(name, n, i):
        rows = results.get((name, n))
        return statistics.median(r[i] for r in rows) if rows else None

    def per_round_ratio(a, b, n):
        ra, rb = results.get((a, n), []), results.get((b, n), [])
        return [x[0] / y[0] for x, y in zip(ra, rb) if y[0] > 0]

    print()
    print(f"load before: {load_before}")
    print(f"load after:  {load_after}")
    print()
    print("medians over rounds: calls/s (p50 / p99)")
    print()
    print("| stack | " + " | ".join(f"{n} caller{'s' if n > 1 else ''}" for n in callers) + " |")
    print("|---|" + "---|" * len(callers))
    for name in names:
        cells = []
        for n in callers:
            r = med(name, n, 0)
            errors = sum(x[3] for x in results.get((name, n), []))
            cells.append("—" if r is None else
                         f"{fmt_rate(r)} ({fmt_us(med(name, n, 1))} / {fmt_us(med(name, n, 2))})"
                         + (f", {errors} errors" if errors else ""))
        print(f"| {name} | " + " | ".join(cells) + " |")
    print()
    volo = [s for s in ("volo-pool", "volo-mux") if s in names]
    print("ratios of thriftgen's median calls/s (in brackets: range of per-round ratios)")
    print()
    print("| ratio | " + " | ".join(str(n) for n in callers) + " |")
    print("|---|" + "---|" * len(callers))
    for other in ["sync"] + volo + (["volo-best"] if volo else []):
        cells = []
        for n in callers:
            t = med("thriftgen", n, 0)
            if other == "volo-best":
                vs = [med(v, n, 0) for v in volo if med(v, n, 0)]
                o = max(vs) if vs else None
                rr = [max(x) for x in zip(*[[y[0] for y in results.get((v, n), [])] for v in volo])]
                tt = [y[0] for y in results.get(("thriftgen", n), [])]
                per = [a / b for a, b in zip(tt, rr) if b > 0]
            else:
                o = med(other, n, 0)
                per = per_round_ratio("thriftgen", other, n)
            if t is None or not o:
                cells.append("—")
            else:
                rng = f" [{min(per):.2f}–{max(per):.2f}]" if per else ""
                cells.append(f"{t / o:.2f}{rng}")
        print(f"| thriftgen / {other} | " + " | ".join(cells) + " |")
    if volo:
        print()
        print("p99 at each caller count, thriftgen vs volo's lower p99:")
        for n in callers:
            t = med("thriftgen", n, 2)
            vs = [med(v, n, 2) for v in volo if med(v, n, 2) is not None]
            if t is not None and vs:
                print(f"  {n}: thriftgen {fmt_us(t)}, volo {fmt_us(min(vs))}")
    if failures:
        print()
        print("failed runs:")
        for f in failures:
            print(f"  {f}")

    if args.batch_rounds > 0:
        print()
        batch = subprocess.run(
            ["taskset", "-c", "0,1", f"{args.bin}/batch-bench", "--rounds", str(args.batch_rounds)],
            capture_output=True, text=True, timeout=600)
        print("batch-bench: " + " / ".join(batch.stdout.strip().splitlines()))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
