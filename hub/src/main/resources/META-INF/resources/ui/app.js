// Backroom hub UI: the live beat, actions (POST to the hub's own API with the CSRF header) and
// refresh guards. Each page's #live part is re-fetched by htmx on a "refresh" event, which this
// script fires whenever the hub's pulse socket (/ui/ws/pulse) announces a change; the answer
// replaces only what changed (calm refresh, below). Ages tick in the browser, and a banner says
// when the link to the hub is down and how old the page's data is.
(function () {
  'use strict';

  function csrf() {
    var m = document.querySelector('meta[name=csrf-token]');
    return m ? m.content : '';
  }

  var toastTimer;
  function toast(text, bad) {
    var t = document.getElementById('toast');
    t.textContent = text;
    t.className = bad ? 'show bad' : 'show';
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { t.className = ''; }, 4000);
  }

  function refreshNow() {
    var live = document.getElementById('live');
    if (live && window.htmx) { htmx.trigger(live, 'refresh'); }
  }

  // One socket per tab; reopened after a pause when the hub restarts or the link drops, with a
  // refresh on reopening so the page catches up with what it missed.
  var pulseOpened = false;
  function pulse() {
    var ws = new WebSocket((location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
      + '/ui/ws/pulse');
    ws.onopen = function () {
      document.body.dataset.live = 'yes';
      linkUp(true);
      if (pulseOpened) { refreshNow(); }
      pulseOpened = true;
    };
    ws.onmessage = function () { heard(); refreshNow(); };
    ws.onclose = function () {
      document.body.dataset.live = 'no';
      linkUp(false);
      setTimeout(pulse, 3000);
    };
  }
  pulse();

  // ---- The link to the hub ----
  // lastHeard: when the hub last spoke (a pulse, a refreshed fragment), on the browser's clock;
  // while the pulse socket is down, a banner says so and how old the page's data is.
  var lastHeard = Date.now();
  var hubUp = true;

  function heard() { lastHeard = Date.now(); }

  function linkUp(up) {
    if (up) { heard(); }
    hubUp = up;
    showLink();
  }

  function showLink() {
    var b = document.getElementById('link-down');
    if (hubUp) {
      if (b) { b.remove(); }
      return;
    }
    if (!b) {
      // Announced once when it appears; the age below it changes quietly.
      b = document.createElement('div');
      b.id = 'link-down';
      b.className = 'linkdown';
      b.setAttribute('data-testid', 'link-down');
      var say = document.createElement('strong');
      say.setAttribute('role', 'alert');
      say.textContent = 'The link to the hub is down.';
      var age = document.createElement('span');
      age.setAttribute('data-testid', 'link-updated');
      b.appendChild(say);
      b.appendChild(document.createTextNode(' '));
      b.appendChild(age);
      var main = document.querySelector('main');
      if (main) { main.insertBefore(b, main.firstChild); }
    }
    var text = 'This page shows what the hub said, updated ' + ageText(Date.now() - lastHeard)
      + ' ago. Reconnecting\u2026';
    var span = b.querySelector('[data-testid=link-updated]');
    if (span.textContent !== text) { span.textContent = text; }
  }

  // ---- Times that tick ----
  // <time datetime="ISO" data-rel="ago|for|age">: an age the hub rendered (sensible without
  // script); the browser moves it on every second on the hub's clock, corrected by the hub's
  // time at rendering (meta hub-now) so that a tablet with a wrong clock still counts right.
  var skewMs = (function () {
    var m = document.querySelector('meta[name=hub-now]');
    var t = m ? Number(m.content) : NaN;
    return isNaN(t) ? 0 : t - Date.now();
  })();

  // As the hub's UiFormat.age: "12 s", "4 min", "3 h", "2 d".
  function ageText(ms) {
    var s = Math.max(0, Math.floor(ms / 1000));
    if (s < 120) { return s + ' s'; }
    if (s < 7200) { return Math.floor(s / 60) + ' min'; }
    return s < 172800 ? Math.floor(s / 3600) + ' h' : Math.floor(s / 86400) + ' d';
  }

  function tickTimes() {
    var now = Date.now() + skewMs;
    var sel = window.getSelection();
    var selecting = sel && !sel.isCollapsed;
    document.querySelectorAll('time[data-rel]').forEach(function (t) {
      var at = Date.parse(t.getAttribute('datetime'));
      // A selected age stays as it is, so that copying it copies what was selected.
      if (isNaN(at) || (selecting && sel.containsNode(t, true))) { return; }
      var a = ageText(now - at);
      var text = t.dataset.rel === 'ago' ? a + ' ago' : t.dataset.rel === 'for' ? 'for ' + a : a;
      if (t.textContent !== text) { t.textContent = text; }
    });
    showLink();
  }
  setInterval(tickTimes, 1000);

  // ---- Calm refresh ----
  // A refreshed #live fragment is compared with the page, node by node, and only what differs
  // is replaced: focus, text selection and scroll stay where the technician left them. While
  // text inside #live is selected (to copy a container id), the newest fragment waits and is
  // applied once the selection is gone. Ages are left out of the comparison: they tick here.
  var held = null;

  function stable(html) {
    return html.replace(/(<time[^>]*\sdata-rel="[^"]*"[^>]*>)[^<]*(<\/time>)/g, '$1$2');
  }

  function selectingIn(live) {
    var sel = window.getSelection();
    return !!(sel && !sel.isCollapsed && sel.rangeCount
      && (live.contains(sel.anchorNode) || live.contains(sel.focusNode)));
  }

  function sameShape(a, b) {
    if (a.length !== b.length) { return false; }
    for (var i = 0; i < a.length; i++) {
      if (a[i].nodeType !== b[i].nodeType || a[i].nodeName !== b[i].nodeName) { return false; }
    }
    return true;
  }

  function syncAttributes(o, n) {
    Array.prototype.slice.call(o.attributes).forEach(function (a) {
      if (!n.hasAttribute(a.name)) { o.removeAttribute(a.name); }
    });
    Array.prototype.slice.call(n.attributes).forEach(function (a) {
      if (o.getAttribute(a.name) !== a.value) { o.setAttribute(a.name, a.value); }
    });
  }

  // Returns how many nodes were replaced or changed (for the tests' data-swaps counter).
  function morph(oldParent, newParent) {
    var olds = Array.prototype.slice.call(oldParent.childNodes);
    var news = Array.prototype.slice.call(newParent.childNodes);
    if (!sameShape(olds, news)) {
      while (oldParent.firstChild) { oldParent.removeChild(oldParent.firstChild); }
      news.forEach(function (n) { oldParent.appendChild(document.importNode(n, true)); });
      return 1;
    }
    var changed = 0;
    for (var i = 0; i < olds.length; i++) {
      var o = olds[i], n = news[i];
      if (o.nodeType !== 1) {
        if (o.nodeValue !== n.nodeValue) { o.nodeValue = n.nodeValue; changed++; }
      } else if (stable(o.outerHTML) !== stable(n.outerHTML)) {
        syncAttributes(o, n);
        changed += morph(o, n) || 1;
      }
    }
    return changed;
  }

  // Where focus was inside #live, found again if its element had to be replaced.
  function focusKey(el) {
    var attrs = ['id', 'data-testid', 'data-act', 'name', 'href'];
    for (var i = 0; i < attrs.length; i++) {
      if (el.getAttribute(attrs[i])) {
        return '[' + attrs[i] + '="' + CSS.escape(el.getAttribute(attrs[i])) + '"]';
      }
    }
    return null;
  }

  function calmSwap(live, html) {
    var fresh = document.createElement('template');
    fresh.innerHTML = html;
    var active = document.activeElement;
    var key = active && active !== live && live.contains(active) ? focusKey(active) : null;
    var changed = morph(live, fresh.content);
    if (key && !live.contains(active)) {
      var again = live.querySelector(key);
      if (again) { again.focus({ preventScroll: true }); }
    }
    if (changed) {
      live.dataset.swaps = String(Number(live.dataset.swaps || 0) + 1);
      if (window.htmx) { htmx.process(live); }
      tickTimes();
    }
  }

  document.addEventListener('htmx:beforeSwap', function (e) {
    var live = document.getElementById('live');
    if (!live || e.detail.target !== live || !e.detail.xhr || e.detail.xhr.status !== 200) {
      return;
    }
    e.detail.shouldSwap = false;
    heard();
    live.dataset.refreshes = String(Number(live.dataset.refreshes || 0) + 1);
    if (selectingIn(live)) {
      held = e.detail.serverResponse;
      return;
    }
    held = null;
    calmSwap(live, e.detail.serverResponse);
  });

  document.addEventListener('selectionchange', function () {
    var live = document.getElementById('live');
    if (held !== null && live && !selectingIn(live)) {
      var html = held;
      held = null;
      calmSwap(live, html);
    }
  });

  // done: what the technician reads when the hub accepted it ("Task held"), from the button.
  function call(url, body, done) {
    return fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf() },
      body: JSON.stringify(body || {})
    }).then(function (r) {
      if (r.ok) {
        toast(done || 'Done');
        refreshNow();
        return;
      }
      return r.json().catch(function () { return {}; }).then(function (j) {
        toast((r.status === 401 || r.status === 403 ? 'Not allowed: ' : 'Refused: ')
          + (j.message || r.status), true);
      });
    }, function (e) { toast('Hub unreachable: ' + e, true); });
  }
  window.backroom = { call: call, toast: toast };

  document.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-act]');
    if (!b) { return; }
    e.preventDefault();
    if (b.dataset.confirm && !window.confirm(b.dataset.confirm)) { return; }
    call(b.dataset.act, { reason: 'from the on-site UI' }, b.dataset.done);
  });

  document.addEventListener('submit', function (e) {
    var f = e.target.closest('form[data-scale]');
    if (!f) { return; }
    e.preventDefault();
    var n = Number(f.elements.desiredCount.value);
    call(f.dataset.scale, { desiredCount: n, reason: 'local override from the on-site UI' },
      'Service ' + f.dataset.service + ': ' + n + (n === 1 ? ' task' : ' tasks') + ' wanted here');
  });

  // A refresh would replace an input the technician is typing into: skip it while one has focus.
  document.addEventListener('htmx:beforeRequest', function (e) {
    var a = document.activeElement;
    var live = document.getElementById('live');
    if (live && a && (a.tagName === 'INPUT' || a.tagName === 'SELECT') && live.contains(a)) {
      e.preventDefault();
    }
  });

  // A lost session (hub restarted, logged out elsewhere) shows the login page, not a broken one.
  document.addEventListener('htmx:responseError', function (e) {
    if (e.detail.xhr && e.detail.xhr.status === 401) { window.location = '/login'; }
  });
})();

// Copy buttons (button[data-copy]): the full id onto the clipboard. navigator.clipboard exists
// only in a secure context (https, localhost); a hub reached over plain http on the store's LAN
// falls back to copying a selected, invisible textarea.
(function () {
  'use strict';

  function copyByTextarea(text) {
    var t = document.createElement('textarea');
    t.value = text;
    t.setAttribute('readonly', '');
    t.className = 'copy-buffer';
    document.body.appendChild(t);
    t.select();
    var ok = false;
    try { ok = document.execCommand('copy'); } catch (e) { ok = false; }
    document.body.removeChild(t);
    return ok ? Promise.resolve() : Promise.reject(new Error('copy refused'));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByTextarea(text); });
    }
    return copyByTextarea(text);
  }

  document.addEventListener('click', function (e) {
    var b = e.target.closest('button[data-copy]');
    if (!b) { return; }
    e.preventDefault();
    copyText(b.dataset.copy).then(function () {
      window.backroom.toast('Copied ' + b.dataset.copy);
    }, function () {
      window.backroom.toast('Could not copy: select the id and copy it by hand', true);
    });
  });
})();
