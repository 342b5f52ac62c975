#!/usr/bin/env python3
"""Random search over the justification settings evenness exposes.

Sets a day's stories with N random settings (every flag of evenness but
-expand, which stays at its default of 2%, and -width/-size) and reports
the settings that do best on each figure among those that keep hyphens to
20% of lines, runs to two and letter spacing to 2% of lines, and whether
any meets every target of the held-out day at once.

    go build -o /tmp/evenness ./bench/evenness
    python3 bench/evenness/search.py /tmp/evenness /tmp/day114 600 1

jitter_em is in ems of the body size; pdfquality.py's target of 0.06 em of
a word's box height is JITTER (0.0814) in Source Serif 4. Pass another with
JITTER=... for another face (Liberation Serif: 0.065).
"""
import json, math, os, random, subprocess, sys
from concurrent.futures import ThreadPoolExecutor

def sample(rng):
    lg = lambda a, b: 10 ** rng.uniform(math.log10(a), math.log10(b))
    return {
        'space-stretch': rng.uniform(0.3, 0.8), 'space-shrink': rng.uniform(0.2, 0.5),
        'letter': rng.uniform(0, 0.02), 'track-from': rng.uniform(1, 6),
        'hyphen-penalty': rng.uniform(0, 200), 'narrow-hyphen-penalty': rng.uniform(0, 2000),
        'even': lg(1e5, 1e8), 'loose-ratio': rng.uniform(1.5, 4), 'loose-demerits': lg(1e6, 1e9),
        'first-hyphen': lg(1e4, 1e8), 'repeat-first-hyphen': lg(1e5, 1e9),
    }

def run(tool, dirs, p, extra):
    args = [tool, '-json'] + extra + ['-%s=%g' % kv for kv in p.items()] + dirs
    return p, json.loads(subprocess.run(args, capture_output=True, text=True, check=True).stdout)

def main():
    tool, dirs, n, seed = sys.argv[1], [sys.argv[2]], int(sys.argv[3]), int(sys.argv[4])
    extra = sys.argv[5:]
    jt = float(os.environ.get('JITTER', '0.0814'))
    rng = random.Random(seed)
    ps = [sample(rng) for _ in range(n)]
    with ThreadPoolExecutor(os.cpu_count() or 2) as ex:
        res = list(ex.map(lambda p: run(tool, dirs, p, extra), ps))
    ok = [(p, m) for p, m in res if m['hyph_pct'] <= 20 and m['hyph_run_max'] <= 2 and m['tracked_pct'] <= 2]
    print('%d settings, %d keep hyphens, runs and letter spacing within bounds' % (len(res), len(ok)))
    for key in ['jitter_em', 'loose_pct']:
        p, m = min(ok, key=lambda r: r[1][key])
        print('lowest %s: %s\n  with %s' % (key, json.dumps(m), ' '.join('-%s=%.3g' % kv for kv in p.items())))
    all_met = [r for r in ok if r[1]['loose_pct'] <= 3 and r[1]['jitter_em'] <= jt]
    print('meeting loose <= 3 and jitter <= %g as well: %d' % (jt, len(all_met)))

if __name__ == '__main__':
    main()
