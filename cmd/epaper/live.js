// epaper serve --watch adds this script to the pages it serves (never to
// the files on disk). It listens for the server's builds: a new edition
// published reloads the page, keeping its place (#page=5 stays); a build
// that failed shows its error over the page, which keeps the last edition
// that built. Styles are set through the DOM, which the viewer's content
// security policy allows where it refuses inline style.
(function () {
  'use strict';
  var me = document.currentScript;
  var shown = me ? Number(me.getAttribute('data-published')) : 0;
  var banner = null;

  function bar(kind, text) {
    if (!banner) {
      banner = document.createElement('div');
      banner.id = 'epaper-live';
      banner.setAttribute('role', 'alert');
      Object.assign(banner.style, {
        position: 'fixed', left: '0', right: '0', top: '0', zIndex: '2147483647',
        margin: '0', padding: '10px 16px', font: '14px/1.4 system-ui, sans-serif',
        whiteSpace: 'pre-wrap', maxHeight: '40vh', overflow: 'auto',
        boxShadow: '0 2px 8px rgba(0,0,0,.3)'
      });
      document.body.appendChild(banner);
    }
    banner.dataset.kind = kind;
    Object.assign(banner.style, kind === 'error'
      ? { background: '#8b1a1a', color: '#fff' }
      : { background: '#fdf3c4', color: '#222', left: 'auto', padding: '4px 10px', boxShadow: 'none' });
    banner.textContent = text;
  }

  function clear() {
    if (banner) {
      banner.remove();
      banner = null;
    }
  }

  var events = new EventSource('/.epaper/events');
  events.addEventListener('build', function (e) {
    var s = JSON.parse(e.data);
    if (s.published > 0 && s.published !== shown) {
      location.reload();
      return;
    }
    if (s.error) {
      bar('error', (s.building ? 'Rebuilding\u2026 ' : '') + 'The last build failed; this is the edition before it.\n' + s.error);
    } else if (s.building) {
      bar('building', 'Rebuilding\u2026');
    } else {
      clear();
    }
  });
})();
