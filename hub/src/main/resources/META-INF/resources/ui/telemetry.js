// Telemetry page: the outbox backlog over the last hour (samples every 5 s, kept by the hub).
(function () {
  'use strict';
  var el = document.getElementById('chart');
  var plot;
  function size() { return { width: Math.max(280, el.clientWidth), height: 220 }; }
  function draw() {
    fetch('/ui/telemetry/history', { credentials: 'same-origin' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data) { return; }
        if (!plot) {
          var s = size();
          plot = new uPlot({
            width: s.width, height: s.height,
            series: [{}, { label: 'queued messages', stroke: '#2563eb', fill: 'rgba(37,99,235,0.12)', width: 2 }],
            axes: [{}, { size: 60 }],
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
