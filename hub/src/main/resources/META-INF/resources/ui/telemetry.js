// Telemetry page: the outbox backlog over the last hour (samples every 5 s, kept by the hub).
// Times are the hub's UTC on a 24-hour clock, like every time the pages print, whatever zone
// the tablet is set to.
(function () {
  'use strict';
  var el = document.getElementById('chart');
  var plot;
  function utc(ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); }
  // uPlot's default axis and legend formats are 12-hour ({h}, {aa}) with US dates (12/6/26):
  // make them 24-hour with month-day first, as the tables print them ("12-06 19:40").
  function fmt24(tpl) {
    return uPlot.fmtDate(tpl.replace(/\{h\}/g, '{HH}').replace(/\s*\{(aa|AA|a|A)\}/g, '')
      .replace(/\{M\}\/\{D\}\/\{YY\}/g, '{YYYY}-{MM}-{DD}').replace(/\{M\}\/\{D\}/g, '{MM}-{DD}'));
  }
  function size() { return { width: Math.max(280, el.clientWidth), height: 220 }; }
  function draw() {
    fetch('/ui/telemetry/history', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (!plot) {
          var s = size();
          plot = new uPlot({
            width: s.width, height: s.height, tzDate: utc, fmtDate: fmt24,
            series: [{ label: 'time (UTC)' }, { label: 'queued messages', stroke: '#2563eb', fill: 'rgba(37,99,235,0.12)', width: 2 }],
            axes: [{ label: 'UTC, 24-hour', labelSize: 20 }, { size: 60 }],
            scales: { y: { range: function (u, min, max) { return [0, Math.max(10, max * 1.1)]; } } }
          }, data, el);
          window.addEventListener('resize', function () { plot.setSize(size()); });
        } else {
          plot.setData(data);
        }
      });
  }
  draw();
  setInterval(draw, 5000);
})();
