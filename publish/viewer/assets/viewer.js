/* The e-paper viewer. It reads the edition from window.EPAPER_MANIFEST (set
 * by manifest.js) and builds the thumbnail strip, the page view with article
 * regions, the article view and the search. It uses no network and no
 * libraries, so the edition folder works opened from disk. Text from the
 * manifest only ever goes into the page as text nodes and attribute values. */
(() => {
  'use strict';

  const $ = (sel) => document.querySelector(sel);

  const MAX_ZOOM = 4;
  const ZOOM_STEPS = [1, 1.5, 2, 3, 4];
  const CLICK_DELAY = 250; // ms to wait for a second click (double-click zooms)

  const M = window.EPAPER_MANIFEST;
  const notice = $('#notice');
  if (!M || !Array.isArray(M.pages) || M.pages.length === 0) {
    notice.hidden = false;
    notice.textContent = M
      ? 'This edition has no pages to show.'
      : 'The edition data (manifest.js) could not be loaded.';
    $('.toolbar').hidden = true;
    return;
  }

  // ---- elements -----------------------------------------------------------

  const viewport = $('#viewport');
  const canvas = $('#canvas');
  const spreadEl = $('#spread');
  const thumbs = $('#thumbs');
  const indicator = $('#page-indicator');
  const prevBtn = $('#prev');
  const nextBtn = $('#next');
  const zoomInBtn = $('#zoom-in');
  const zoomOutBtn = $('#zoom-out');
  const zoomFitBtn = $('#zoom-fit');
  const zoomLevel = $('#zoom-level');
  const pagePdf = $('#page-pdf');
  const sectionsNav = $('#sections');
  const dialog = $('#reader');
  const reader = $('#reader-content');
  const readerWhere = $('#reader-where');
  const closeBtn = $('#reader-close');
  const searchForm = $('#search');
  const searchInput = $('[data-search]');
  const searchPanel = $('#search-panel');
  const searchStatus = $('#search-status');
  const searchResults = $('#search-results');
  const announcer = $('#announcer');

  const wide = window.matchMedia('(min-width: 1100px)');
  const reducedMotion = window.matchMedia('(prefers-reduced-motion: reduce)');

  // ---- data ---------------------------------------------------------------

  const pages = M.pages.slice().sort((a, b) => a.number - b.number);
  const indexOfPage = new Map(pages.map((p, i) => [p.number, i]));
  const articles = new Map();
  for (const a of M.articles || []) {
    if (a && a.id != null) articles.set(String(a.id), a);
  }
  // placements: article id -> [{index, region}] in page order.
  const placements = new Map();
  pages.forEach((p, i) => {
    for (const r of p.regions || []) {
      const id = String(r.article);
      if (!placements.has(id)) placements.set(id, []);
      placements.get(id).push({ index: i, region: r });
    }
  });

  // ---- helpers ------------------------------------------------------------

  // h builds an element. Strings among the children become text nodes.
  function h(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v == null || v === false) continue;
      if (k === 'class') e.className = v;
      else e.setAttribute(k, v === true ? '' : String(v));
    }
    for (const c of children.flat()) {
      if (c != null && c !== false && c !== '') e.append(c);
    }
    return e;
  }

  // fileURL turns a file name relative to the edition folder into a URL.
  const fileURL = (name) => String(name).split('/').map(encodeURIComponent).join('/');
  const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
  const ratio = (p) => (p.width > 0 && p.height > 0 ? p.width / p.height : 0.7);
  const pageLabel = (p) => (p.section ? `Page ${p.number}: ${p.section}` : `Page ${p.number}`);
  const scrollBehavior = () => (reducedMotion.matches ? 'auto' : 'smooth');
  const plainClick = (e) => e.button === 0 && !e.ctrlKey && !e.metaKey && !e.shiftKey && !e.altKey;
  const isEditable = (t) =>
    t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));

  function announce(text) {
    announcer.textContent = text;
  }

  // articlePages lists the page numbers an article is on, ascending.
  function articlePages(id) {
    const set = new Set();
    for (const pl of placements.get(id) || []) set.add(pages[pl.index].number);
    const a = articles.get(id);
    for (const n of (a && a.pages) || []) if (indexOfPage.has(n)) set.add(n);
    return [...set].sort((x, y) => x - y);
  }

  // ---- state --------------------------------------------------------------

  // rtl is set for an edition that reads and opens from the right: the
  // page (dir="rtl") lays spreads out right to left, and the arrow keys and
  // swipes turn the other way
  const rtl = document.documentElement.dir === 'rtl';
  let current = 0; // index of the current page
  let shown = []; // indexes of the pages on screen
  let spreadMode = wide.matches;
  let zoom = 1;
  let openId = null; // id of the article in the article view
  let openPage = null; // number of the page it was opened from
  let opener = null; // element to focus when the article view closes
  let openedAt = 0;

  // ---- edition header -----------------------------------------------------

  (function localiseDate() {
    const t = $('#edition-date');
    const lang = (M.edition && M.edition.language) || 'en';
    if (!t || /^en\b/i.test(lang) || !/^\d{4}-\d\d-\d\d$/.test(t.dateTime)) return;
    try {
      const d = new Date(`${t.dateTime}T00:00:00Z`);
      t.textContent = new Intl.DateTimeFormat(lang, { dateStyle: 'full', timeZone: 'UTC' }).format(d);
    } catch (_) {
      // Keep the English date written by the builder.
    }
  })();

  // ---- thumbnails and sections ---------------------------------------------

  const thumbLinks = pages.map((p) => {
    const w = 120;
    const a = h(
      'a',
      { class: 'thumb', href: `#page=${p.number}`, 'data-page': p.number, title: pageLabel(p) },
      h('img', {
        src: fileURL(p.thumbnail || p.image),
        alt: pageLabel(p),
        width: w,
        height: Math.round(w / ratio(p)),
        loading: 'lazy',
        decoding: 'async',
        draggable: 'false',
      }),
      h('span', { class: 'thumb-label', 'aria-hidden': 'true' },
        h('b', null, String(p.number)), p.section ? h('span', { class: 'thumb-section' }, ` ${p.section}`) : ''),
    );
    thumbs.append(h('li', null, a));
    return a;
  });
  thumbs.addEventListener('click', (e) => {
    const a = e.target.closest('a[data-page]');
    if (!a || !plainClick(e)) return;
    e.preventDefault();
    go(indexOfPage.get(Number(a.dataset.page)));
  });

  // A page shared by sections is labelled with their names joined by
  // " & " ("World & Courts & Crime"), and a name may itself hold " & ": the
  // articles' sections say which names are whole.
  const knownSections = new Set([...articles.values()].map((a) => a.section).filter(Boolean));
  for (const p of pages) if (p.section && !p.section.includes(' & ')) knownSections.add(p.section);
  const byLength = [...knownSections].sort((x, y) => y.length - x.length);
  function splitSection(s) {
    if (!s || knownSections.has(s)) return s ? [s] : [];
    for (const k of byLength) {
      if (s.startsWith(`${k} & `)) {
        const rest = splitSection(s.slice(k.length + 3));
        if (rest.every((r) => knownSections.has(r))) return [k, ...rest];
      }
    }
    return [s];
  }
  const sections = [];
  pages.forEach((p, i) => {
    for (const name of splitSection(p.section)) {
      if (!sections.some((s) => s.name === name)) sections.push({ name, index: i });
    }
  });
  const sectionLinks = sections.map((s) =>
    h('a', { href: `#page=${pages[s.index].number}`, 'data-section-page': pages[s.index].number }, s.name));
  if (sections.length > 1) {
    sectionsNav.append(h('ul', null, sectionLinks.map((a) => h('li', null, a))));
    sectionsNav.hidden = false;
    sectionsNav.addEventListener('click', (e) => {
      const a = e.target.closest('a[data-section-page]');
      if (!a || !plainClick(e)) return;
      e.preventDefault();
      go(indexOfPage.get(Number(a.dataset.sectionPage)));
    });
  }

  // ---- pages and regions ----------------------------------------------------

  const pageEls = new Map();

  function pct(v, whole) {
    return `${clamp((v / whole) * 100, 0, 100).toFixed(4)}%`;
  }

  function pageEl(i) {
    let el = pageEls.get(i);
    if (el) return el;
    const p = pages[i];
    const layer = h('div', { class: 'regions' });
    for (const r of p.regions || []) {
      const a = articles.get(String(r.article));
      if (!a || !(p.width > 0 && p.height > 0)) continue;
      const box = h('div', {
        class: 'region',
        role: 'button',
        tabindex: 0,
        'data-article': a.id,
        'aria-label': a.headline || 'Article',
      });
      box.style.left = pct(r.x, p.width);
      box.style.top = pct(r.y, p.height);
      box.style.width = pct(Math.min(r.w, p.width - r.x), p.width);
      box.style.height = pct(Math.min(r.h, p.height - r.y), p.height);
      layer.append(box);
    }
    el = h(
      'div',
      { class: 'page', 'data-page-view': p.number },
      h('img', { src: fileURL(p.image), alt: pageLabel(p), draggable: 'false', decoding: 'async' }),
      layer,
    );
    pageEls.set(i, el);
    return el;
  }

  // spreadOf gives the pages shown with page index i: page 1 alone, then
  // 2–3, 4–5 ... on wide screens; one page at a time otherwise.
  function spreadOf(i) {
    if (!spreadMode || i === 0) return [i];
    const start = i - ((i - 1) % 2);
    return start + 1 < pages.length ? [start, start + 1] : [start];
  }

  function preload(indexes) {
    for (const i of indexes) {
      if (i >= 0 && i < pages.length && !pageEls.has(i)) {
        const img = new Image();
        img.decoding = 'async';
        img.src = fileURL(pages[i].image);
      }
    }
  }

  function render() {
    const sp = spreadOf(current);
    const same = sp.length === shown.length && sp.every((v, k) => v === shown[k]);
    if (!same) {
      shown = sp;
      zoom = 1;
      spreadEl.replaceChildren(...sp.map(pageEl));
      spreadEl.classList.toggle('is-spread', sp.length === 2);
      spreadEl.classList.remove('is-turning');
      void spreadEl.offsetWidth; // restart the turn animation
      spreadEl.classList.add('is-turning');
      viewport.scrollLeft = 0;
      viewport.scrollTop = 0;
      preload([sp[0] - 2, sp[0] - 1, sp[sp.length - 1] + 1, sp[sp.length - 1] + 2]);
    }
    layout();
    updateChrome();
  }

  // layout sizes the pages so that the spread fits the viewport at zoom 1.
  // Regions are placed in percentages, so they follow the page at any zoom.
  function layout() {
    const cs = getComputedStyle(canvas);
    const availW = viewport.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
    const availH = viewport.clientHeight - parseFloat(cs.paddingTop) - parseFloat(cs.paddingBottom);
    const ratios = shown.map((i) => ratio(pages[i]));
    const sum = ratios.reduce((s, r) => s + r, 0);
    const height = Math.max(60, Math.min(availH, availW / sum)) * zoom;
    shown.forEach((i, k) => {
      const el = pageEls.get(i);
      el.style.width = `${(ratios[k] * height).toFixed(2)}px`;
      el.style.height = `${height.toFixed(2)}px`;
    });
    const zoomed = zoom > 1.001;
    viewport.classList.toggle('is-zoomed', zoomed);
    zoomLevel.textContent = `${Math.round(zoom * 100)}%`;
    setDisabled(zoomOutBtn, !zoomed);
    setDisabled(zoomFitBtn, !zoomed);
    setDisabled(zoomInBtn, zoom >= MAX_ZOOM - 0.001);
  }

  // setDisabled uses aria-disabled, not disabled, so that a button keeps the
  // keyboard focus when it stops doing anything.
  function setDisabled(btn, off) {
    if (off) btn.setAttribute('aria-disabled', 'true');
    else btn.removeAttribute('aria-disabled');
  }
  const isDisabled = (btn) => btn.getAttribute('aria-disabled') === 'true';

  function updateChrome() {
    const p = pages[current];
    thumbLinks.forEach((a, i) => {
      if (i === current) a.setAttribute('aria-current', 'page');
      else a.removeAttribute('aria-current');
      a.classList.toggle('is-shown', shown.includes(i));
    });
    const t = thumbLinks[current];
    if (t.scrollIntoView) t.scrollIntoView({ block: 'nearest', inline: 'nearest', behavior: scrollBehavior() });

    const nums = shown.map((i) => pages[i].number);
    const secs = [...new Set(shown.map((i) => pages[i].section).filter(Boolean))];
    indicator.textContent = `${nums.length > 1 ? 'Pages' : 'Page'} ${nums.join('–')} of ${pages.length}` +
      (secs.length ? ` · ${secs.join(' / ')}` : '');

    if (p.pdf) {
      pagePdf.hidden = false;
      pagePdf.href = fileURL(p.pdf);
      pagePdf.textContent = `Page ${p.number} PDF`;
    } else {
      pagePdf.hidden = true;
    }

    let sec = -1;
    sections.forEach((s, k) => {
      if (s.index <= current) sec = k;
    });
    sectionLinks.forEach((a, k) => {
      if (k === sec) a.setAttribute('aria-current', 'true');
      else a.removeAttribute('aria-current');
    });

    setDisabled(prevBtn, shown[0] === 0);
    setDisabled(nextBtn, shown[shown.length - 1] === pages.length - 1);
  }

  // go makes page index i current.
  function go(i, opts = {}) {
    if (i == null || Number.isNaN(i)) return;
    current = clamp(i, 0, pages.length - 1);
    render();
    if (opts.hash !== false) updateHash();
  }

  function next() {
    const i = shown[shown.length - 1] + 1;
    if (i < pages.length) go(i);
  }

  function prev() {
    const i = shown[0] - 1;
    if (i >= 0) go(spreadOf(i)[0]);
  }

  prevBtn.addEventListener('click', () => {
    if (!isDisabled(prevBtn)) prev();
  });
  nextBtn.addEventListener('click', () => {
    if (!isDisabled(nextBtn)) next();
  });

  // ---- zoom and pan ---------------------------------------------------------

  // setZoom zooms to z keeping the point (cx, cy) of the window in place;
  // without a point it keeps the middle of the viewport.
  function setZoom(z, cx, cy) {
    z = clamp(z, 1, MAX_ZOOM);
    if (Math.abs(z - zoom) < 0.001) return;
    const vr = viewport.getBoundingClientRect();
    if (cx == null) {
      cx = vr.left + vr.width / 2;
      cy = vr.top + vr.height / 2;
    }
    const before = spreadEl.getBoundingClientRect();
    const fx = (cx - before.left) / before.width;
    const fy = (cy - before.top) / before.height;
    zoom = z;
    layout();
    const after = spreadEl.getBoundingClientRect();
    viewport.scrollLeft += after.left + fx * after.width - cx;
    viewport.scrollTop += after.top + fy * after.height - cy;
  }

  const zoomIn = () => setZoom(ZOOM_STEPS.find((s) => s > zoom + 0.01) || MAX_ZOOM);
  const zoomOut = () => setZoom([...ZOOM_STEPS].reverse().find((s) => s < zoom - 0.01) || 1);

  zoomInBtn.addEventListener('click', () => {
    if (!isDisabled(zoomInBtn)) zoomIn();
  });
  zoomOutBtn.addEventListener('click', () => {
    if (!isDisabled(zoomOutBtn)) zoomOut();
  });
  zoomFitBtn.addEventListener('click', () => setZoom(1));

  // Ctrl+wheel (and the pinch of a touchpad, which the browser reports as
  // one) zooms around the pointer.
  viewport.addEventListener('wheel', (e) => {
    if (!e.ctrlKey && !e.metaKey) return;
    e.preventDefault();
    const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
    setZoom(zoom * Math.exp(-dy * 0.0025), e.clientX, e.clientY);
  }, { passive: false });

  let openTimer = 0;
  viewport.addEventListener('dblclick', (e) => {
    clearTimeout(openTimer);
    e.preventDefault();
    if (zoom > 1.001) setZoom(1, e.clientX, e.clientY);
    else setZoom(2.5, e.clientX, e.clientY);
  });

  // Dragging with the mouse pans a zoomed page.
  let drag = null;
  let dragMoved = false;
  viewport.addEventListener('pointerdown', (e) => {
    dragMoved = false;
    if (e.pointerType !== 'mouse' || e.button !== 0 || zoom <= 1.001) return;
    drag = { id: e.pointerId, x: e.clientX, y: e.clientY, left: viewport.scrollLeft, top: viewport.scrollTop };
  });
  window.addEventListener('pointermove', (e) => {
    if (!drag || e.pointerId !== drag.id) return;
    const dx = e.clientX - drag.x;
    const dy = e.clientY - drag.y;
    if (!dragMoved && Math.hypot(dx, dy) > 4) {
      dragMoved = true;
      viewport.classList.add('is-dragging');
    }
    if (dragMoved) {
      viewport.scrollLeft = drag.left - dx;
      viewport.scrollTop = drag.top - dy;
    }
  });
  const endDrag = () => {
    drag = null;
    viewport.classList.remove('is-dragging');
  };
  window.addEventListener('pointerup', endDrag);
  window.addEventListener('pointercancel', endDrag);
  viewport.addEventListener('dragstart', (e) => e.preventDefault());
  // A drag ends with a click on whatever is under the pointer; swallow it.
  viewport.addEventListener('click', (e) => {
    if (dragMoved) {
      dragMoved = false;
      e.stopPropagation();
      e.preventDefault();
    }
  }, true);

  // Touch: two fingers pinch to zoom; one finger swipes to turn the page
  // when the page is not zoomed (a zoomed page pans natively).
  let pinch = null;
  let swipe = null;
  const dist = (a, b) => Math.hypot(a.clientX - b.clientX, a.clientY - b.clientY);
  viewport.addEventListener('touchstart', (e) => {
    if (e.touches.length === 2) {
      pinch = { d: dist(e.touches[0], e.touches[1]) || 1, z: zoom };
      swipe = null;
    } else if (e.touches.length === 1) {
      const t = e.touches[0];
      swipe = zoom <= 1.001 ? { x: t.clientX, y: t.clientY, at: Date.now() } : null;
    }
  }, { passive: true });
  viewport.addEventListener('touchmove', (e) => {
    if (!pinch || e.touches.length !== 2) return;
    e.preventDefault();
    const [a, b] = e.touches;
    setZoom(pinch.z * (dist(a, b) / pinch.d), (a.clientX + b.clientX) / 2, (a.clientY + b.clientY) / 2);
  }, { passive: false });
  viewport.addEventListener('touchend', (e) => {
    if (e.touches.length < 2) pinch = null;
    if (swipe && e.touches.length === 0 && e.changedTouches.length === 1) {
      const t = e.changedTouches[0];
      const dx = t.clientX - swipe.x;
      const dy = t.clientY - swipe.y;
      if (Math.abs(dx) > 50 && Math.abs(dx) > 1.5 * Math.abs(dy) && Date.now() - swipe.at < 800) {
        if ((dx < 0) !== rtl) next();
        else prev();
      }
    }
    swipe = null;
  });
  viewport.addEventListener('touchcancel', () => {
    pinch = null;
    swipe = null;
  });

  new ResizeObserver(() => layout()).observe(viewport);
  wide.addEventListener('change', () => {
    spreadMode = wide.matches;
    shown = [];
    render();
  });

  // ---- article regions ------------------------------------------------------

  function regionPage(box) {
    return Number(box.closest('.page').dataset.pageView);
  }

  viewport.addEventListener('click', (e) => {
    const box = e.target.closest('.region');
    if (!box) return;
    clearTimeout(openTimer);
    if (e.detail > 1) return; // the second click of a double-click zooms
    const open = () => openArticle(box.dataset.article, { page: regionPage(box), from: box });
    if (e.detail === 0) open();
    else openTimer = setTimeout(open, CLICK_DELAY);
  });
  viewport.addEventListener('keydown', (e) => {
    const box = e.target.closest && e.target.closest('.region');
    if (!box || (e.key !== 'Enter' && e.key !== ' ')) return;
    e.preventDefault();
    openArticle(box.dataset.article, { page: regionPage(box), from: box });
  });

  function markRegions(id, cls, on) {
    for (const box of spreadEl.querySelectorAll('.region')) {
      box.classList.toggle(cls, on && box.dataset.article === id);
    }
  }

  // ---- article view ---------------------------------------------------------

  // paragraphs gives the article's body as blocks: its blocks when the
  // manifest has them, otherwise its text split on blank lines.
  function paragraphs(a) {
    if (Array.isArray(a.blocks) && a.blocks.length) return a.blocks;
    return String(a.text || '')
      .split(/\n\s*\n/)
      .map((s) => s.trim())
      .filter(Boolean)
      .map((s) => {
        const m = /^#{1,6}\s+(.*)$/s.exec(s);
        return m ? { kind: 'h', text: m[1] } : { kind: 'p', text: s.replace(/\s*\n\s*/g, ' ') };
      });
  }

  // jumps lists the links to the article's other pages, seen from page pn:
  // from the region's continues_on/continued_from when it has them, else
  // from the pages the article is on.
  function jumps(id, pn) {
    const out = [];
    const add = (dir, n) => {
      if (indexOfPage.has(n) && n !== pn && !out.some((j) => j.page === n)) out.push({ dir, page: n });
    };
    for (const pl of placements.get(id) || []) {
      if (pages[pl.index].number !== pn) continue;
      if (pl.region.continued_from) add('from', pl.region.continued_from);
      if (pl.region.continues_on) add('on', pl.region.continues_on);
    }
    if (!out.length) {
      for (const n of articlePages(id)) add(n < pn ? 'from' : 'on', n);
    }
    return out.sort((x, y) => x.page - y.page);
  }

  function fillReader(a, pn) {
    const id = String(a.id);
    const meta = [a.byline && h('span', { class: 'byline' }, a.byline),
      a.dateline && h('span', { class: 'dateline' }, a.dateline)].filter(Boolean);
    const js = jumps(id, pn);
    const body = paragraphs(a).map((b) => {
      switch (b.kind) {
        case 'h':
          return h('h3', null, b.text);
        case 'quote':
          return h('blockquote', null, h('p', null, b.text));
        default:
          return h('p', null, b.text);
      }
    });
    const figures = (a.images || []).filter((im) => im && (im.file || im.caption || im.credit)).map((im) =>
      h('figure', null,
        im.file ? h('img', { src: fileURL(im.file), alt: im.caption || '', loading: 'lazy' }) : null,
        (im.caption || im.credit)
          ? h('figcaption', null, im.caption || '', im.credit ? h('span', { class: 'credit' }, im.credit) : null)
          : null));
    const source = [a.source && `Source: ${a.source}`, a.license && `Licence: ${a.license}`].filter(Boolean);

    reader.replaceChildren(...[
      h('header', { class: 'reader-head' },
        a.kicker ? h('p', { class: 'kicker' }, a.kicker) : null,
        h('h2', { id: 'reader-headline', tabindex: -1 }, a.headline || ''),
        a.deck ? h('p', { class: 'deck' }, a.deck) : null,
        meta.length ? h('p', { class: 'meta' }, meta) : null),
      js.length
        ? h('nav', { class: 'jumps', 'aria-label': 'Other parts of this article' },
          js.map((j) => h('a', { class: `jump jump-${j.dir}`, href: `#page=${j.page}`, 'data-jump': j.page },
            j.dir === 'on' ? `Continued on page ${j.page}` : `Continued from page ${j.page}`)))
        : null,
      figures.length ? figures[0] : null,
      h('div', { class: 'body' }, body),
      figures.slice(1),
      source.length ? h('p', { class: 'source' }, source.join(' · ')) : null,
    ].flat().filter(Boolean));
    // The bar says where the reader is: the page the view was opened from.
    const sec = (indexOfPage.has(pn) && pages[indexOfPage.get(pn)].section) || a.section;
    readerWhere.textContent = [`Page ${pn}`, sec].filter(Boolean).join(' · ');
  }

  // openArticle shows article id, read from page number opts.page if given.
  function openArticle(id, opts = {}) {
    id = String(id);
    const a = articles.get(id);
    if (!a) return false;
    const on = articlePages(id);
    let pn = opts.page;
    if (pn == null || !on.includes(pn)) {
      const shownNums = shown.map((i) => pages[i].number);
      pn = on.find((n) => shownNums.includes(n));
      if (pn == null) pn = on.length ? on[0] : pages[current].number;
    }
    const idx = indexOfPage.get(pn);
    if (idx != null && idx !== current) go(idx, { hash: false });
    openId = id;
    openPage = pn;
    fillReader(a, pn);
    dialog.setAttribute('data-article-view', id);
    markRegions(id, 'is-active', true);
    if (!dialog.open) {
      opener = opts.from || document.activeElement;
      openedAt = Date.now();
      dialog.showModal();
    }
    dialog.scrollTop = 0;
    $('#reader-headline').focus({ preventScroll: true });
    updateHash();
    return true;
  }

  // closeArticle closes the article view. The dialog's close event comes
  // later (and also after Escape), so the state is cleaned up here at once.
  function closeArticle() {
    if (dialog.open) dialog.close();
    closed();
  }

  function closed() {
    if (openId == null || dialog.open) return; // nothing open, or a stale event
    dialog.removeAttribute('data-article-view');
    markRegions(openId, 'is-active', false);
    openId = null;
    openPage = null;
    updateHash();
    const back = opener;
    opener = null;
    if (back && back.isConnected && back.focus) back.focus({ preventScroll: true });
  }

  dialog.addEventListener('close', closed);
  closeBtn.addEventListener('click', closeArticle);
  // A click on the backdrop (outside the panel) closes the view; the guard
  // ignores the second click of a double-click that opened it.
  dialog.addEventListener('click', (e) => {
    if (e.target !== dialog || Date.now() - openedAt < 400) return;
    const r = dialog.getBoundingClientRect();
    if (e.clientX < r.left || e.clientX > r.right || e.clientY < r.top || e.clientY > r.bottom) closeArticle();
  });
  reader.addEventListener('click', (e) => {
    const j = e.target.closest('[data-jump]');
    if (!j || !plainClick(e)) return;
    e.preventDefault();
    const id = openId;
    const n = Number(j.dataset.jump);
    opener = null;
    closeArticle();
    go(indexOfPage.get(n));
    // Show the reader where the article goes on, and put the focus on it.
    const box = [...spreadEl.querySelectorAll('.region')].find(
      (b) => b.dataset.article === id && regionPage(b) === n);
    if (box) {
      markRegions(id, 'is-flash', true);
      setTimeout(() => markRegions(id, 'is-flash', false), 2000);
      box.focus({ preventScroll: true });
    }
    announce(`Page ${n}`);
  });

  // ---- deep links -------------------------------------------------------------

  function parseHash() {
    const out = {};
    for (const kv of location.hash.replace(/^#/, '').split('&')) {
      const k = kv.indexOf('=');
      if (k <= 0) continue;
      try {
        out[kv.slice(0, k)] = decodeURIComponent(kv.slice(k + 1).replace(/\+/g, ' '));
      } catch (_) {
        // Ignore a malformed escape.
      }
    }
    return out;
  }

  function hashFor() {
    if (openId != null) {
      const first = articlePages(openId)[0];
      const page = openPage != null && openPage !== first ? `page=${openPage}&` : '';
      return `#${page}article=${encodeURIComponent(openId)}`;
    }
    return `#page=${pages[current].number}`;
  }

  let lastHash = location.hash;
  function updateHash() {
    const want = hashFor();
    if (want === location.hash) return;
    lastHash = want;
    try {
      history.replaceState(history.state, '', want);
    } catch (_) {
      location.replace(want);
    }
  }

  function applyHash() {
    const q = parseHash();
    const n = parseInt(q.page, 10);
    if (indexOfPage.has(n)) go(indexOfPage.get(n), { hash: false });
    if (q.article != null && articles.has(q.article)) {
      openArticle(q.article, { page: indexOfPage.has(n) ? n : null });
    } else if (dialog.open) {
      closeArticle();
    }
  }

  window.addEventListener('hashchange', () => {
    if (location.hash === lastHash) return;
    lastHash = location.hash;
    applyHash();
  });

  // ---- search -------------------------------------------------------------------

  const fold = (s) => String(s || '').normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  const searchIndex = [...articles.values()].map((a, order) => {
    const id = String(a.id);
    const blocks = Array.isArray(a.blocks) ? a.blocks.map((b) => b.text).join('\n\n') : '';
    const text = String(a.text || '') || blocks;
    return {
      id,
      a,
      order,
      page: articlePages(id)[0],
      text,
      headline: fold(a.headline),
      deck: fold(`${a.kicker || ''} ${a.deck || ''}`),
      byline: fold(`${a.byline || ''} ${a.dateline || ''}`),
      body: fold(`${text}\n${blocks}`),
    };
  });

  function search(q) {
    const terms = fold(q).split(/\s+/).filter(Boolean);
    if (!terms.length) return [];
    const hits = [];
    for (const e of searchIndex) {
      let score = 0;
      let all = true;
      for (const t of terms) {
        const s = (e.headline.includes(t) ? 10 : 0) + (e.deck.includes(t) ? 4 : 0) +
          (e.byline.includes(t) ? 3 : 0) + (e.body.includes(t) ? 1 : 0);
        if (!s) {
          all = false;
          break;
        }
        score += s;
      }
      if (all) hits.push({ e, score, terms });
    }
    hits.sort((x, y) => y.score - x.score || (x.e.page || 0) - (y.e.page || 0) || x.e.order - y.e.order);
    return hits.slice(0, 30);
  }

  // snippet shows the words around the first match in the body, with the
  // match marked; it falls back to the deck.
  function snippet(e, terms) {
    const text = e.text.replace(/\s+/g, ' ');
    const lower = text.toLowerCase();
    for (const t of terms) {
      const at = lower.indexOf(t);
      if (at < 0) continue;
      const from = Math.max(0, text.lastIndexOf(' ', Math.max(0, at - 60)) + 1);
      const to = Math.min(text.length, at + t.length + 80);
      return h('span', { class: 'result-snippet' },
        from > 0 ? '…' : '', text.slice(from, at),
        h('mark', null, text.slice(at, at + t.length)),
        text.slice(at + t.length, to), to < text.length ? '…' : '');
    }
    return e.a.deck ? h('span', { class: 'result-snippet' }, e.a.deck) : null;
  }

  function showResults(on) {
    searchPanel.hidden = !on;
    searchInput.setAttribute('aria-expanded', on ? 'true' : 'false');
  }

  function runSearch() {
    const q = searchInput.value.trim();
    if (!q) {
      searchResults.replaceChildren();
      showResults(false);
      return;
    }
    const hits = search(q);
    searchStatus.textContent = hits.length
      ? `${hits.length} ${hits.length === 1 ? 'article' : 'articles'} found`
      : `No articles match “${q}”.`;
    searchResults.replaceChildren(...hits.map(({ e, terms }) => {
      const where = [e.page != null ? `Page ${e.page}` : '', e.a.section].filter(Boolean).join(' · ');
      return h('li', null, h('a', { class: 'result', href: `#article=${encodeURIComponent(e.id)}`, 'data-result': e.id },
        h('span', { class: 'result-headline' }, e.a.headline || 'Untitled'),
        where ? h('span', { class: 'result-meta' }, where) : null,
        snippet(e, terms)));
    }));
    showResults(true);
    announce(searchStatus.textContent);
  }

  searchInput.addEventListener('input', runSearch);
  searchInput.addEventListener('focus', () => {
    if (searchInput.value.trim()) runSearch();
  });
  searchForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const first = searchResults.querySelector('[data-result]');
    if (first) first.click();
  });
  searchForm.addEventListener('keydown', (e) => {
    const links = [...searchResults.querySelectorAll('[data-result]')];
    const at = links.indexOf(document.activeElement);
    if (e.key === 'ArrowDown' && links.length) {
      e.preventDefault();
      links[Math.min(links.length - 1, at + 1)].focus();
    } else if (e.key === 'ArrowUp' && at >= 0) {
      e.preventDefault();
      if (at === 0) searchInput.focus();
      else links[at - 1].focus();
    } else if (e.key === 'Escape' && !searchPanel.hidden) {
      e.preventDefault();
      e.stopPropagation();
      showResults(false);
      searchInput.focus();
    }
  });
  searchResults.addEventListener('click', (e) => {
    const a = e.target.closest('[data-result]');
    if (!a || !plainClick(e)) return;
    e.preventDefault();
    showResults(false);
    openArticle(a.dataset.result, { from: searchInput });
  });
  document.addEventListener('pointerdown', (e) => {
    if (!searchPanel.hidden && !searchForm.contains(e.target)) showResults(false);
  });

  // ---- keyboard -------------------------------------------------------------------

  document.addEventListener('keydown', (e) => {
    if (e.defaultPrevented || dialog.open || isEditable(e.target)) return;
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    let done = true;
    // a right-to-left edition opens from the right: its next page is
    // to the left
    const key = rtl && e.key === 'ArrowLeft' ? 'ArrowRight' : rtl && e.key === 'ArrowRight' ? 'ArrowLeft' : e.key;
    switch (key) {
      case 'ArrowRight':
      case 'PageDown':
        next();
        break;
      case 'ArrowLeft':
      case 'PageUp':
        prev();
        break;
      case 'Home':
        go(0);
        break;
      case 'End':
        go(spreadOf(pages.length - 1)[0]);
        break;
      case '+':
      case '=':
        zoomIn();
        break;
      case '-':
      case '_':
        zoomOut();
        break;
      case '0':
        setZoom(1);
        break;
      default:
        done = false;
    }
    if (done) e.preventDefault();
  });

  // ---- start ------------------------------------------------------------------------

  if (location.hash.length > 1) {
    render();
    applyHash();
  } else {
    go(0, { hash: false });
  }
  document.documentElement.classList.add('is-ready');
})();
