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
