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

  var rules = new Intl.PluralRules(document.documentElement.lang || 'lv');

  // The same words as the server's (formatCountdown): "30 dienām", "2 stundām un 5 minūtēm".
  function unit(name, n) {
    var form = rules.select(n);
    var text = el.getAttribute('data-' + name + '-' + form) || el.getAttribute('data-' + name + '-other') || '{n}';
    return text.replace('{n}', String(n));
  }

  function tick() {
    var minutes = Math.max(0, Math.ceil((startsAt - Date.now()) / 60000));
    if (minutes === 0) {
      window.location.reload();
      return;
    }
    var d = Math.floor(minutes / 1440);
    var h = Math.floor((minutes % 1440) / 60);
    var m = minutes % 60;
    var units =
      d > 0
        ? [
            ['days', d],
            ['hours', h],
          ]
        : [
            ['hours', h],
            ['minutes', m],
          ];
    var parts = [];
    for (var i = 0; i < units.length; i++) if (units[i][1] > 0) parts.push(unit(units[i][0], units[i][1]));
    if (parts.length === 0) parts.push(unit('minutes', 0));
    el.textContent = prefix + parts.join(' ' + (el.getAttribute('data-and') || '') + ' ');
  }

  window.setInterval(tick, 30000);
})();
