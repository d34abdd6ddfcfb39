// Keeps the server-computed "starts in …" text current and reloads the page at the start,
// so the player appears without a manual refresh. The page is complete without it.
(function () {
  'use strict';
  var el = document.getElementById('countdown');
  if (!el) return;
  var startsAt = Date.parse(el.getAttribute('data-starts-at') || '');
  if (isNaN(startsAt)) return;
  var template = el.textContent || '';
  var first = template.search(/\d/);
  var prefix = first >= 0 ? template.slice(0, first) : '';

  function unit(name, n) {
    return (el.getAttribute('data-' + name) || '{n}').replace('{n}', String(n));
  }

  function tick() {
    var minutes = Math.max(0, Math.ceil((startsAt - Date.now()) / 60000));
    if (minutes === 0) {
      window.location.reload();
      return;
    }
    var d = Math.floor(minutes / 1440);
    var h = Math.floor((minutes % 1440) / 60);
    var parts = [];
    if (d > 0) parts.push(unit('days', d));
    if (d > 0 || h > 0) parts.push(unit('hours', h));
    parts.push(unit('minutes', minutes % 60));
    el.textContent = prefix + parts.join(' ');
  }

  window.setInterval(tick, 30000);
})();
