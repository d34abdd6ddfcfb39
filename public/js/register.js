// Progressive enhancement for the registration form; the form works without it.
(function () {
  'use strict';
  var form = document.getElementById('registration-form');
  if (!form) return;
  var municipality = document.getElementById('municipality');
  var region = document.getElementById('regionId');
  var groups = form.querySelectorAll('.region-choices');

  function showRegion() {
    var chosen = region.value;
    groups.forEach(function (group) {
      var mine = !chosen || group.getAttribute('data-region') === chosen;
      group.hidden = !mine;
      if (!mine) {
        group.querySelectorAll('input').forEach(function (input) {
          input.checked = false;
        });
      }
    });
    var none = document.getElementById('workshop-none');
    var noneChoice = document.getElementById('workshop-none-choice');
    // "Plenary only" is offered only in a region that has a plenary.
    var plenaryHere =
      !!noneChoice &&
      (!chosen || (' ' + noneChoice.getAttribute('data-regions') + ' ').indexOf(' ' + chosen + ' ') >= 0);
    if (noneChoice) noneChoice.hidden = !plenaryHere;
    if (none && !plenaryHere) none.checked = false;
    // Nothing is chosen for the person: "plenary only" too is a choice they make.
  }

  // Choosing a municipality preselects its planning region; the person may still change it.
  municipality.addEventListener('change', function () {
    var option = municipality.options[municipality.selectedIndex];
    var r = option && option.getAttribute('data-region');
    if (r && region.value !== r) {
      region.value = r;
      showRegion();
    }
  });
  region.addEventListener('change', showRegion);
  if (region.value) showRegion();

  // The ESF+ disadvantage questions show once their own consent is ticked (or when answered already).
  var pdConsent = document.getElementById('pd-consent');
  var pdFlags = document.getElementById('pd-flags');
  if (pdConsent && pdFlags) {
    var showFlags = function () {
      var answered = pdFlags.querySelector('input[type="radio"]:checked:not([value="undisclosed"])');
      pdFlags.hidden = !pdConsent.checked && !answered;
      pdConsent.setAttribute('aria-expanded', pdFlags.hidden ? 'false' : 'true');
    };
    pdConsent.addEventListener('change', showFlags);
    showFlags();
  }

  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
    // A link in the summary moves the cursor into its field, with the label in view.
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      var target = link && document.getElementById(link.getAttribute('href').slice(1));
      if (!target) return;
      var input = target.matches('input, select, textarea')
        ? target
        : target.querySelector('input:not([type="hidden"]), select, textarea');
      if (!input) return;
      event.preventDefault();
      var field = input.closest('.field, fieldset');
      if (field) field.scrollIntoView();
      input.focus({ preventScroll: true });
    });
  }
})();
