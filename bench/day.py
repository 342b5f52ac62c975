#!/usr/bin/env python3
"""Make a day of stories for the reference edition from the shared corpus.

Usage: day.py N SEED OUT [CORPUS]

Picks N stories at random (seeded) from the Wikinews and 18F stories of
CORPUS (default ../shared/corpus/stories), copies them with their pictures
into OUT, and dates them all 2026-12-04 (Asia/Kolkata) so that one day's
window takes them. The same N and SEED give the same day. An N larger than
the corpus (232 stories) repeats it: the k-th repetition's files are named
NAME-k.md and their headlines end in "(k)", so that no story is a version or
a duplicate of another (a 400-story day: day.py 400 7 OUT).
"""
import os, random, re, shutil, sys

n, seed, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
corpus = sys.argv[4] if len(sys.argv) > 4 else os.path.join(os.path.dirname(__file__), '..', '..', 'shared', 'corpus', 'stories')
files = []
for sub in ('wikinews', '18f'):
    d = os.path.join(corpus, sub)
    files += [os.path.join(d, f) for f in sorted(os.listdir(d)) if f.endswith('.md')]
random.Random(seed).shuffle(files)
os.makedirs(out, exist_ok=True)
for i in range(n):
    f, k = files[i % len(files)], i // len(files) + 1
    text = open(f, encoding='utf-8').read()
    name = os.path.basename(f)
    if k > 1:
        name = name[:-3] + '-%d.md' % k
        text = re.sub(r'(?m)^headline:\s*"(.*)"\s*$', lambda m: 'headline: "%s (%d)"' % (m.group(1), k), text, count=1)
    hour = 6 + i * 17 // max(n, 1)
    text = re.sub(r'(?m)^published:.*$', 'published: "2026-12-04T%02d:%02d:00+05:30"' % (hour, i % 60), text, count=1)
    open(os.path.join(out, name), 'w', encoding='utf-8').write(text)
    for m in re.finditer(r'(?m)^\s*-?\s*file:\s*"?([^"\n]+)"?', text):
        src = os.path.join(os.path.dirname(f), m.group(1).strip())
        if os.path.isfile(src):
            dst = os.path.join(out, m.group(1).strip())
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy(src, dst)
