/*
 * helpfirst frame: what the launcher needs at the first tap but the host page never waits for.
 * The loader fetches this small module when the browser is idle after the page has loaded (it has
 * its own size budget), so the tap itself never waits on the network:
 *
 * - `draw` is the panel's frame, shown at a tap that comes before the widget is ready: heading,
 *   close button, greeting, a moving bar and a working question box. What the visitor types stays
 *   in it and is handed to the widget; questions they send are asked as soon as it is ready. It
 *   uses the widget's own panel.css (put in by `make dist`), so the widget replaces it in place.
 * - `dodge` keeps the launcher clear of a host banner (a cookie notice) that covers it: the
 *   launcher, and the panel above it, move up above the banner, and back once it has gone.
 *
 * Built with DOM calls, not innerHTML, so hosts that enforce Trusted Types accept it.
 */
var CSS = __PANEL_CSS__;
var d = document;

function el(tag, attributes, text) {
  var node = d.createElement(tag);
  for (var name in attributes) node.setAttribute(name, attributes[name]);
  if (text) node.textContent = text;
  return node;
}

function adopt(root, css) {
  var sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = root.adoptedStyleSheets.concat(sheet);
  return sheet;
}

// `api` is the loader's `window.helpfirst`: questions are asked and the frame is closed through it,
// so they are queued for the widget like any call.
export function draw(root, launcher, options, api) {
  adopt(root, CSS);
  var panel = el('section', {
    id: 'helpfirst-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'hf-title',
    'aria-describedby': 'hf-note', 'aria-busy': 'true', popover: 'manual', lang: options.locale, hidden: ''
  });
  var head = el('div', { class: 'head' });
  var close = el('button', { type: 'button', class: 'close', 'aria-label': 'Close' });
  close.append(el('span', { 'aria-hidden': 'true' }, '×'));
  head.append(el('h2', { id: 'hf-title' }, options.title),
    el('p', { id: 'hf-note', class: 'note' },
      'Automated assistant. Answers come from the pages of this company, with a link to each source.'),
    close);
  var log = el('div', { class: 'transcript', role: 'log', 'aria-label': 'Conversation', 'aria-live': 'polite' });
  var status = el('p', { class: 'turn bot status' }, 'Getting answers ready…');
  log.append(el('p', { class: 'turn bot' }, options.greeting), status);
  var form = el('form', { class: 'composer' });
  var input = el('input', {
    id: 'hf-question', type: 'text', name: 'question', autocomplete: 'off', enterkeyhint: 'send',
    maxlength: '500', placeholder: 'Ask about plans and prices…'
  });
  form.append(el('label', { for: 'hf-question', class: 'visually-hidden' }, 'Your question'), input,
    el('button', { type: 'submit' }, 'Ask'));
  panel.append(head, el('div', { class: 'progress', role: 'progressbar', 'aria-label': 'Getting answers ready' }),
    log, form);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) return;
    input.value = '';
    var turn = el('p', { class: 'turn visitor' });
    turn.append(el('span', { class: 'visually-hidden' }, 'You asked: '), question);
    log.insertBefore(turn, status);
    status.textContent = 'Looking that up…';
    api.ask(question);
  });
  close.addEventListener('click', api.close);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') api.close();
  });
  root.append(panel);

  // In the top layer, like the widget's panel, so no host overlay covers its close button.
  function layer(method) {
    try {
      if (panel[method]) panel[method]();
    } catch (error) {
      // Already shown or hidden.
    }
  }
  var frame = {
    open: false,
    show: function () {
      if (frame.open) return;
      frame.open = true;
      panel.hidden = false;
      layer('showPopover');
      launcher.setAttribute('aria-expanded', 'true');
      input.focus();
    },
    hide: function () {
      if (!frame.open) return;
      frame.open = false;
      layer('hidePopover');
      panel.hidden = true;
      launcher.setAttribute('aria-expanded', 'false');
      launcher.focus();
    },
    draft: function () { return input.value; },
    remove: function () { panel.remove(); }
  };
  return frame;
}

export function dodge(host, launcher) {
  var place = adopt(host.shadowRoot, '');
  var timer = 0;
  // Put back where the marketer placed it, then ask what is on top there: the launcher, or a
  // positioned host element (the banner, or the fixed box it sits in)? Both in one task, so the
  // visitor never sees the launcher move down and up.
  function check() {
    place.replaceSync('');
    var box = launcher.getBoundingClientRect();
    var top = null;
    for (var node = d.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
      node && node !== host && node !== d.body; node = node.parentElement) {
      if (/fixed|sticky|absolute/.test(getComputedStyle(node).position)) {
        top = node.getBoundingClientRect().top;
        break;
      }
    }
    var lift = top === null ? 0 : Math.ceil(box.bottom - top + 12);
    // A cover taller than half the screen is a consent wall, not a banner: nothing to move above.
    if (lift > 0 && lift < innerHeight / 2) place.replaceSync(':host{--hf-lift:' + lift + 'px}');
  }
  function soon() {
    clearTimeout(timer);
    timer = setTimeout(check, 250);
  }
  new MutationObserver(soon).observe(d.body, {
    childList: true, subtree: true, attributes: true, attributeFilter: ['class', 'hidden', 'open']
  });
  addEventListener('resize', soon);
  check();
}
