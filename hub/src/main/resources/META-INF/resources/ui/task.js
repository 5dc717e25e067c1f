// Task page: the container's live log and an interactive terminal, each over a WebSocket to the
// hub, which bridges to the device over MQTT (see dev.backroom.hub.ui.SessionBridge).
(function () {
  'use strict';
  var MAX_LINES = 2000;
  var logEl = document.getElementById('log');
  var task = logEl.dataset.task;
  var base = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host
    + '/ui/ws/tasks/' + encodeURIComponent(task);

  function setState(id, text) {
    var el = document.getElementById(id);
    if (el) { el.textContent = text; }
  }

  // A line's time on the hub's clock (UTC), as the pages print times: the time of day for
  // today's lines, the date too for older ones, the year when not this year.
  function lineTime(iso) {
    var d = new Date(iso);
    if (isNaN(d)) { return ''; }
    var s = d.toISOString();
    var now = new Date().toISOString();
    var time = s.substring(11, 23);
    if (s.substring(0, 10) === now.substring(0, 10)) { return time; }
    return (s.substring(0, 4) === now.substring(0, 4) ? s.substring(5, 10) : s.substring(0, 10))
      + ' ' + time;
  }

  function append(text, cls, iso, written) {
    var atBottom = logEl.scrollTop + logEl.clientHeight >= logEl.scrollHeight - 4;
    var line = document.createElement('div');
    if (iso) {
      var t = document.createElement('time');
      t.dateTime = iso;
      t.className = written ? 'lt' : 'lt received';
      t.textContent = lineTime(iso) + (written ? '' : '*');
      t.title = (written ? 'written by the container at ' : 'received by the hub at ')
        + iso.replace('T', ' ').replace('Z', ' UTC');
      line.appendChild(t);
      line.appendChild(document.createTextNode(' '));
    }
    line.appendChild(document.createTextNode(text));
    if (cls) { line.className = cls; }
    logEl.appendChild(line);
    while (logEl.childNodes.length > MAX_LINES) { logEl.removeChild(logEl.firstChild); }
    if (atBottom) { logEl.scrollTop = logEl.scrollHeight; }
  }

  // The last line received: its time as the container wrote it and how many lines came with
  // exactly that time. A reconnected tail names it, and the hub sends only what follows (or a
  // note where it cannot join up), so a dropped socket never repeats the log.
  var cursor = null;
  function remember(m) {
    if (!m.w) { return; }
    if (cursor && cursor.at === m.t) { cursor.same++; } else { cursor = { at: m.t, same: 1 }; }
  }

  function logUrl() {
    return base + '/logs' + (cursor ? '?after=' + encodeURIComponent(cursor.at)
      + '&same=' + cursor.same : '');
  }

  // The log follows one container; when it ends (restart, container replaced) the page opens
  // a new tail after a short pause, which finds the task's new container.
  function openLog() {
    var ws = new WebSocket(logUrl());
    var ended = false;
    setState('log-state', cursor ? 'reconnecting' : 'connecting');
    ws.onopen = function () { setState('log-state', 'following'); };
    ws.onmessage = function (ev) {
      var m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m.k === 'line') {
        remember(m);
        setClockLabel(m.w);
        append(m.d, null, m.t, m.w);
      }
      else if (m.k === 'gap') { append('\u2026 ' + m.d + ' lines not delivered \u2026', 'gap'); }
      else if (m.k === 'note') { append('\u2026 ' + m.d + ' \u2026', 'gap'); }
      else if (m.k === 'end') { ended = true; setState('log-state', 'ended: ' + m.d); append('\u2014 ' + m.d + ' \u2014', 'gap'); }
    };
    ws.onclose = function () {
      if (!ended) { setState('log-state', 'disconnected: reconnecting'); }
      setTimeout(openLog, 2000);
    };
  }

  // Says once what the line times are: the container's own, or (marked *) the hub's receipt.
  function setClockLabel(written) {
    var el = document.getElementById('log-clock');
    if (el && !el.dataset.set) {
      el.dataset.set = 'yes';
      el.textContent = written ? 'times: UTC, when the container wrote each line'
        : 'times: UTC, when the hub received each line (*)';
    }
  }
  openLog();

  function bytes(b64) {
    var s = atob(b64);
    var out = new Uint8Array(s.length);
    for (var i = 0; i < s.length; i++) { out[i] = s.charCodeAt(i); }
    return out;
  }

  var openBtn = document.getElementById('term-open');
  var closeBtn = document.getElementById('term-close');
  if (!openBtn) { return; } // viewers get no terminal
  var term, fit, ws;

  openBtn.addEventListener('click', function () {
    if (!term) {
      term = new Terminal({ cursorBlink: true, fontSize: 14, scrollback: 2000 });
      fit = new FitAddon.FitAddon();
      term.loadAddon(fit);
      term.open(document.getElementById('term'));
      term.onData(function (d) {
        if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ t: 'in', d: d })); }
      });
      term.onResize(function (s) {
        if (ws && ws.readyState === 1) { ws.send(JSON.stringify({ t: 'resize', c: s.cols, r: s.rows })); }
      });
      window.addEventListener('resize', function () { fit.fit(); });
    }
    fit.fit();
    ws = new WebSocket(base + '/exec?cols=' + term.cols + '&rows=' + term.rows);
    setState('term-state', 'connecting');
    ws.onopen = function () {
      setState('term-state', 'connected');
      openBtn.hidden = true;
      closeBtn.hidden = false;
      term.focus();
    };
    ws.onmessage = function (ev) {
      var m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      if (m.k === 'out') { term.write(bytes(m.d)); }
      else if (m.k === 'gap') { term.write('\r\n[' + m.d + ' output frames lost]\r\n'); }
      else if (m.k === 'end') { term.write('\r\n[session ended: ' + m.d + ']\r\n'); }
    };
    ws.onclose = function () {
      setState('term-state', 'closed');
      openBtn.hidden = false;
      closeBtn.hidden = true;
    };
  });
  closeBtn.addEventListener('click', function () { if (ws) { ws.close(); } });
})();
