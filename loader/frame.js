/*
 * helpfirst frame: what the launcher needs at the first tap but the host page never waits for.
 * The loader fetches this small module when the browser is idle after the page has loaded, before
 * the widget's own files (it has its own size budget), so a tap seldom waits on the network:
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
  // Its words come from the locale's table (options.strings) once the loader has it, English
  // until then: [node, attribute or '' for its text, key, English].
  var words = [];
  function put(node, attribute, key, english) {
    words.push([node, attribute, key, english]);
    return node;
  }
  function say(table) {
    for (var i = 0; i < words.length; i++) {
      var w = words[i];
      var text = ((table && table[w[2]]) || w[3]).replace('{company}', (table && table['panel.this_company']) || 'this company');
      if (w[1]) w[0].setAttribute(w[1], text);
      else w[0].textContent = text;
    }
  }
  var panel = el('section', {
    id: 'helpfirst-panel', class: 'panel', role: 'dialog', 'aria-labelledby': 'hf-title',
    'aria-describedby': 'hf-note', 'aria-busy': 'true', popover: 'manual', lang: options.locale, hidden: ''
  });
  var head = el('div', { class: 'head' });
  var close = put(el('button', { type: 'button', class: 'close' }), 'aria-label', 'panel.close', 'Close');
  close.append(el('span', { 'aria-hidden': 'true' }, '×'));
  head.append(el('h2', { id: 'hf-title' }, options.title),
    put(el('p', { id: 'hf-note', class: 'note' }), '', 'panel.note',
      'Automated assistant. Answers come from the pages of {company}, with a link to each source.'),
    close);
  var log = put(el('div', { class: 'transcript', role: 'log', 'aria-live': 'polite' }), 'aria-label',
    'transcript.label', 'Conversation');
  var status = put(el('p', { class: 'turn bot status' }), '', 'panel.preparing', 'Getting answers ready…');
  var greeting = el('p', { class: 'turn bot' }, options.greeting);
  if (!options.greeting) put(greeting, '', 'panel.greeting', 'Hi! Ask me anything about our products, plans and prices.');
  log.append(greeting, status);
  var form = el('form', { class: 'composer' });
  var input = el('input', {
    id: 'hf-question', type: 'text', name: 'question', autocomplete: 'off', enterkeyhint: 'send',
    maxlength: '500'
  });
  put(input, 'placeholder', 'composer.placeholder', 'Ask about plans and prices…');
  form.append(put(el('label', { for: 'hf-question', class: 'visually-hidden' }), '', 'composer.label', 'Your question'),
    input, put(el('button', { type: 'submit' }), '', 'composer.ask', 'Ask'));
  panel.append(head, put(el('div', { class: 'progress', role: 'progressbar' }), 'aria-label', 'panel.preparing',
    'Getting answers ready…'), log, form);
  say(options.strings);
  form.addEventListener('submit', function (event) {
    event.preventDefault();
    var question = input.value.trim();
    if (!question) return;
    input.value = '';
    var turn = el('p', { class: 'turn visitor' });
    var table = options.strings || {};
    turn.append(el('span', { class: 'visually-hidden' }, table['transcript.you_asked'] || 'You asked: '), question);
    log.insertBefore(turn, status);
    status.textContent = table['panel.looking'] || 'Looking that up…';
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
    say: say,
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
