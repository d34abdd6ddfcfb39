// Back office: the error summary names each field, takes focus so screen readers announce
// it, and its links move the cursor into their field. The forms work without it.
(function () {
  'use strict';
  var summary = document.getElementById('error-summary');
  if (!summary) return;
  summary.querySelectorAll('a[href^="#"]').forEach(function (link) {
    var label = document.querySelector('label[for="' + link.getAttribute('href').slice(1) + '"]');
    var name = label && label.textContent.trim();
    if (name && link.textContent.indexOf(name) !== 0) link.textContent = name + ': ' + link.textContent;
  });
  summary.addEventListener('click', function (event) {
    var link = event.target.closest('a[href^="#"]');
    var input = link && document.getElementById(link.getAttribute('href').slice(1));
    if (!input || !input.matches('input, select, textarea')) return;
    event.preventDefault();
    var field = input.closest('.field');
    if (field) field.scrollIntoView();
    input.focus({ preventScroll: true });
  });
  summary.focus();
})();

// Attendance import: a chosen CSV file is read into the text box, so the form needs no
// upload handling on the server (and without JavaScript, pasting works the same).
(function () {
  'use strict';
  var field = document.getElementById('csv-file-field');
  var file = document.getElementById('csv-file');
  var box = document.getElementById('csv');
  if (!field || !file || !box) return;
  field.hidden = false;
  file.addEventListener('change', function () {
    var chosen = file.files && file.files[0];
    if (!chosen) return;
    chosen.text().then(function (text) {
      box.value = text;
    });
  });
})();

// A printable confirmation: the button prints the page (its print CSS keeps only the
// confirmation); without JavaScript the browser's own printing does the same.
(function () {
  'use strict';
  document.querySelectorAll('button[data-print]').forEach(function (button) {
    button.hidden = false;
    button.addEventListener('click', function () {
      window.print();
    });
  });
})();
