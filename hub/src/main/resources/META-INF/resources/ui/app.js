// Backroom hub UI: the live beat, actions (POST to the hub's own API with the CSRF header) and
// refresh guards. Each page's #live part is re-fetched by htmx on a "refresh" event, which this
// script fires whenever the hub's pulse socket (/ui/ws/pulse) announces a change.
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
      if (pulseOpened) { refreshNow(); }
      pulseOpened = true;
    };
    ws.onmessage = function () { refreshNow(); };
    ws.onclose = function () {
      document.body.dataset.live = 'no';
      setTimeout(pulse, 3000);
    };
  }
  pulse();

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
