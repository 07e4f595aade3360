/*
 * Batch uploads page: submits the status filter when it changes, and keeps the status and
 * progress of running batches current by polling a small JSON route of the page.
 */
(function () {
  'use strict';

  var select = document.querySelector('select[data-autosubmit]');
  if (select && select.form) {
    select.addEventListener('change', function () {
      if (select.form.requestSubmit) {
        select.form.requestSubmit();
      } else {
        select.form.submit();
      }
    });
  }

  var config = document.getElementById('live-config');
  if (!config) {
    return;
  }
  var progressUrl = config.getAttribute('data-progress-url');
  var INTERVAL_MS = 1000;

  function liveElements() {
    return Array.prototype.slice.call(document.querySelectorAll('[data-live-ref]'));
  }

  function field(el, name) {
    return el.querySelector('[data-field="' + name + '"]');
  }

  function setText(el, name, value) {
    var target = field(el, name);
    if (target && value !== undefined && value !== null && target.textContent !== value) {
      target.textContent = value;
    }
  }

  function renderProgress(el, item) {
    var slot = field(el, 'progress-slot');
    if (!slot) {
      return;
    }
    if (!item.live) {
      slot.textContent = '';
      return;
    }
    var bar = field(slot, 'progress');
    var text = field(slot, 'progress-text');
    if (!bar) {
      bar = document.createElement('progress');
      bar.className = el.hasAttribute('data-reload-when-done') ? 'bar bar-large' : 'bar';
      bar.max = 100;
      bar.setAttribute('data-field', 'progress');
      bar.setAttribute('aria-label', 'Progress of batch ' + item.ref);
      text = document.createElement('span');
      text.className = 'bar-text';
      text.setAttribute('data-field', 'progress-text');
      slot.textContent = '';
      slot.appendChild(bar);
      slot.appendChild(text);
    }
    var shown = item.text;
    if (item.percent !== null && item.percent !== undefined) {
      // Never backwards: the record total grows while the file is read and an estimate may dip.
      if (!bar.hasAttribute('value') || item.percent >= bar.value) {
        bar.value = item.percent;
      }
      shown = shown.replace(/^\d+%/, Math.round(bar.value) + '%');
    }
    bar.textContent = shown;
    if (text) {
      text.textContent = shown;
    }
    var eta = field(slot, 'progress-eta');
    if (eta) {
      eta.textContent = item.eta || '';
    }
  }

  function apply(el, item) {
    var before = el.getAttribute('data-status');
    if (el.hasAttribute('data-reload-when-done') && (item.terminal || item.status !== before)) {
      // The details of a finished batch (time to process, log) come with the page itself.
      window.location.reload();
      return false;
    }
    var badge = field(el, 'status');
    if (badge) {
      badge.textContent = item.label;
      badge.className = badge.className.replace(/badge-[a-z_]+/g, '').trim() + ' badge-' + item.status;
      badge.className = badge.className.replace(/\s+/g, ' ');
    }
    el.setAttribute('data-status', item.status);
    setText(el, 'total', item.total);
    setText(el, 'succeeded', item.succeeded);
    setText(el, 'failed', item.failed);
    var modified = field(el, 'modified');
    if (modified) {
      modified.textContent = modified.hasAttribute('data-short') ? item.modifiedShort : item.modified;
      modified.setAttribute('datetime', item.modifiedIso);
    }
    renderProgress(el, item);
    if (item.terminal) {
      el.removeAttribute('data-live-ref');
    }
    return true;
  }

  function poll() {
    var elements = liveElements();
    if (elements.length === 0) {
      return;
    }
    var query = elements.map(function (el) {
      return 'ref=' + encodeURIComponent(el.getAttribute('data-live-ref'));
    }).join('&');
    fetch(progressUrl + '?' + query, {
      credentials: 'same-origin',
      cache: 'no-store',
      headers: { 'Accept': 'application/json' }
    }).then(function (response) {
      if (response.status === 401) {
        // Signed out (or the session expired): the page itself now leads to the sign-in form.
        window.location.reload();
        return null;
      }
      if (!response.ok) {
        throw new Error('progress answered ' + response.status);
      }
      return response.json();
    }).then(function (body) {
      if (!body) {
        return;
      }
      var byRef = {};
      body.items.forEach(function (item) { byRef[item.ref] = item; });
      var keepGoing = true;
      elements.forEach(function (el) {
        var item = byRef[el.getAttribute('data-live-ref')];
        if (item && keepGoing) {
          keepGoing = apply(el, item);
        }
      });
      if (keepGoing) {
        window.setTimeout(poll, INTERVAL_MS);
      }
    }).catch(function () {
      // A network hiccup: try again a little later.
      window.setTimeout(poll, INTERVAL_MS * 3);
    });
  }

  if (liveElements().length > 0) {
    window.setTimeout(poll, INTERVAL_MS);
  }
})();
