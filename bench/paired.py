#!/usr/bin/env python3
"""Time two commands as whole processes, in turn, and compare them pair by pair.

Usage: paired.py [-n RUNS] [--warmup N] 'COMMAND A' 'COMMAND B'

Runs A and B alternately (A B A B ...) RUNS times each after N warm-up runs of
each that are not counted, and prints for each command the minimum, median and
maximum of its user, system and CPU seconds, its wall seconds and its peak
memory (the largest single process, as the kernel accounts it for the child and
the processes it waited for, read by GNU time, /usr/bin/time, when it is
installed: a Python parent would add its own memory to the child's), then
the ratios A/B taken pair by pair. A
machine's speed drifts while it is shared; the ratios of pairs run one after
the other hold better than either command's own figures, so quote the median
ratio. Each command is one string split as a shell splits words (run no shell
unless you name one, e.g. sh -c '...'); its output is thrown away.
"""
import argparse, os, shlex, statistics, subprocess, sys, tempfile, time

ap = argparse.ArgumentParser()
ap.add_argument('-n', type=int, default=5)
ap.add_argument('--warmup', type=int, default=1)
ap.add_argument('a')
ap.add_argument('b')
args = ap.parse_args()


GNU_TIME = '/usr/bin/time' if os.access('/usr/bin/time', os.X_OK) else None


def run(cmd):
    argv = shlex.split(cmd)
    if GNU_TIME:
        with tempfile.NamedTemporaryFile('r') as out:
            p = subprocess.run([GNU_TIME, '-f', '%U %S %e %M %x', '-o', out.name] + argv,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            f = out.read().split()[-5:]
        user, sys_, wall, kb, code = float(f[0]), float(f[1]), float(f[2]), int(f[3]), int(f[4])
        return {'user s': user, 'sys s': sys_, 'cpu s': user + sys_, 'wall s': wall, 'peak MiB': kb / 1024, 'exit': code}
    t0 = time.monotonic()
    p = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, ru = os.wait4(p.pid, 0)
    wall = time.monotonic() - t0
    return {'user s': ru.ru_utime, 'sys s': ru.ru_stime, 'cpu s': ru.ru_utime + ru.ru_stime,
            'wall s': wall, 'peak MiB': ru.ru_maxrss / 1024, 'exit': os.waitstatus_to_exitcode(status)}


for _ in range(args.warmup):
    run(args.a)
    run(args.b)
res = {'A': [], 'B': []}
for _ in range(args.n):
    res['A'].append(run(args.a))
    res['B'].append(run(args.b))

print('A =', args.a)
print('B =', args.b)
print('%d runs each, in turn, after %d warm-up runs; exit statuses A %s, B %s' % (
    args.n, args.warmup, sorted({r['exit'] for r in res['A']}), sorted({r['exit'] for r in res['B']})))
print('%-14s %10s %10s %10s' % ('', 'min', 'median', 'max'))
for who in 'AB':
    for k in ('user s', 'sys s', 'cpu s', 'wall s', 'peak MiB'):
        v = [r[k] for r in res[who]]
        print('%-14s %10.3f %10.3f %10.3f' % (who + ' ' + k, min(v), statistics.median(v), max(v)))
for k in ('cpu s', 'wall s', 'peak MiB'):
    v = [a[k] / b[k] for a, b in zip(res['A'], res['B']) if b[k] > 0]
    if v:
        print('%-14s %10.3f %10.3f %10.3f' % ('A/B ' + k.split()[0], min(v), statistics.median(v), max(v)))
