/*
 * helpfirst loader: the one script a marketer embeds.
 *
 * It draws only the launcher button (plain DOM inside an open shadow root) and defines
 * `window.helpfirst`. When the browser is idle after the page has loaded it fetches what the
 * widget needs (the wasm is compiled off the main thread as it streams in, beside the compiled
 * content), so the host page's own loading is never slowed. Starting the widget (instantiating
 * the wasm, decoding the content) takes main-thread time, in short tasks: it starts in a later
 * idle period once its files are in, so it is ready before the visitor's first tap. Its panel is
 * mounted only at the first sign of intent (the launcher hovered, touched or focused, or a call of
 * the host API), which starts the widget too if it has not started yet; the frame below shows if a
 * tap comes first. Calls made before then are queued and replayed. Nothing
 * here throws into the host page: bad options give one console warning and fall back to
 * defaults. Once the page has loaded it first fetches the small frame module (frame.js): a tap that
 * comes before the widget is ready opens the panel's frame at once, with a working question box,
 * and the panel takes its place when it can show itself (see `handover`).
 *
 * `make dist` replaces the __PLACEHOLDERS__ with the content-hashed file names and version.
 */
(function () {
  'use strict';
  var w = window;
  var d = document;
  if (w.helpfirst && w.helpfirst.version) return; // included twice: one widget

  var GLUE = '__GLUE__';
  var WASM = '__WASM__';
  var VERSION = '__VERSION__';
  var FRAME = '__FRAME__';
  var script = d.currentScript;
  var base = (script && script.src) || location.href;

  var listeners = {};
  var queue = [];
  var widget = null; // the mounted widget
  var state = 'waiting'; // waiting -> loading -> ready | failed
  var prepared = null; // the glue with its wasm instantiated, and the string table, once asked for
  var compiled = null; // the compiled content's bytes, once asked for
  var started = null; // the widget started, its panel not yet mounted (a Setup), once asked for
  var mounting = false;
  var launcher = null;
  var consented = false;
  var framing = null; // the frame module, once asked for
  var frame = null; // the frame it drew, until the widget replaces it

  function emit(name, detail) {
    if (name === 'event' && options && options.dataLayer) pushToDataLayer(detail);
    var fns = (listeners[name] || []).concat(listeners['*'] || []);
    for (var i = 0; i < fns.length; i++) {
      try {
        fns[i](detail, name);
      } catch (error) {
        console.error('helpfirst: a listener for "' + name + '" threw', error);
      }
    }
    // A listener that throws is reported by the browser, and the others still run.
    w.dispatchEvent(new CustomEvent('helpfirst:' + name, { detail: detail }));
  }

  // Google Tag Manager: `helpfirst_question_asked` with the event's properties in snake_case,
  // within GA4's limits (25 parameters, values of at most 100 characters).
  function pushToDataLayer(event) {
    try {
      var entry = { event: 'helpfirst_' + snake(event.event) };
      var keys = Object.keys(event.properties || {}).slice(0, 24);
      for (var i = 0; i < keys.length; i++) {
        var value = event.properties[keys[i]];
        entry[snake(keys[i])] = typeof value === 'string' ? value.slice(0, 100) : value;
      }
      (w.dataLayer = w.dataLayer || []).push(entry);
    } catch (error) {
      console.error('helpfirst: could not push to dataLayer', error);
    }
  }

  function snake(name) {
    return String(name).replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase().replace(/[^a-z0-9]+/g, '_');
  }

  function call(method, args) {
    // Until the panel takes the frame's place (see `handover`), the frame is what the visitor sees.
    if (frame && method === 'toggle') method = frame.open ? 'close' : 'open';
    if (frame && method === 'close') frame.hide();
    if (widget) {
      try {
        widget[method].apply(widget, args);
      } catch (error) {
        console.error('helpfirst: ' + method + '() failed', error);
      }
      return;
    }
    if (state === 'failed') return;
    // Before the widget is ready only the frame can be showing, so a toggle means "open" unless
    // it is (the panel may come back open from the previous page, and must not then be closed).
    if (method === 'toggle') method = 'open';
    queue.push([method, args]);
    if (method !== 'close') showFrame();
    mount();
  }

  // The frame module is asked for once the page has loaded (asked for earlier, it is one more
  // request competing with the page's own before its largest paint: Lighthouse counts it), ahead of
  // the widget's files, so that a tap soon after seldom waits for it; a tap before then fetches it.
  function fetchFrame() {
    if (!framing) {
      framing = import(new URL(FRAME, base).href);
      framing.catch(function () {}); // see showFrame
    }
    return framing;
  }

  // Without the frame (it could not be fetched), the panel opens when the widget is ready.
  function showFrame() {
    fetchFrame().then(function (module) {
      if (widget || state === 'failed') return;
      frame = frame || module.draw(mounted.root, launcher, options, w.helpfirst);
      frame.show();
    }, function () {});
  }

  w.helpfirst = {
    version: VERSION,
    open: function () { call('open', []); },
    close: function () { call('close', []); },
    toggle: function () { call('toggle', []); },
    ask: function (text) { call('ask', [String(text)]); },
    // The host page's consent manager says whether help-first interactions may be recorded. It
    // never loads the widget by itself.
    consent: function (granted) {
      consented = granted === true;
      if (options) options.consented = consented;
      if (widget) call('consent', [consented]);
    },
    on: function (name, fn) {
      if (typeof fn !== 'function') return;
      (listeners[name] = listeners[name] || []).push(fn);
    },
    off: function (name, fn) {
      listeners[name] = (listeners[name] || []).filter(function (f) { return f !== fn; });
    }
  };

  // --- options -------------------------------------------------------------------------------

  // The options that take one of a few words, and their words.
  var CHOICES = {
    position: ['bottom-right', 'bottom-left'],
    loading: ['idle', 'interaction'],
    consent: ['granted', 'required', 'off'],
    privacySignals: ['honor', 'ignore']
  };
  var DEFAULTS = {
    content: new URL('content.json', base).href,
    endpoint: '',
    answers: '',
    position: 'bottom-right',
    color: '#1f4fd1',
    greeting: '', // '' is the locale's own greeting
    locale: d.documentElement.lang || 'en',
    loading: 'idle',
    title: '', // '' is the locale's own title
    contact: '',
    writeKey: '',
    consent: 'granted',
    privacySignals: 'honor',
    dataLayer: false
  };

  // The locales the panel speaks (locales/<lang>.json), and each one's launcher label, which is
  // drawn before any string table is fetched.
  var TITLES = { en: 'Ask us', de: 'Fragen Sie uns', fr: 'Une question ?', es: 'Pregúntenos', ar: 'اسألنا' };

  // The locale option, then the page's lang, then English, each by its primary subtag.
  function language(tag) {
    var primary = String(tag || '').split(/[-_]/)[0].toLowerCase();
    return TITLES.hasOwnProperty(primary) ? primary : '';
  }

  var problems = [];
  var RULES = {
    content: 'is not a URL',
    endpoint: 'is not a URL or ""',
    answers: 'is not a URL or ""',
    color: 'is not a CSS colour',
    greeting: 'is not text of at most 280 characters',
    locale: 'is not a language tag like "en" or "pt-BR"',
    title: 'is not text of at most 40 characters',
    contact: 'is not an http(s) or mailto: link',
    writeKey: 'is not text of at most 200 characters',
    dataLayer: 'is not true or false'
  };

  function readOptions() {
    var given = {};
    var data = (script && script.dataset) || {};
    var key;
    for (key in data) given[key] = data[key];
    var settings = w.helpfirstSettings;
    if (settings && typeof settings === 'object') {
      for (key in settings) given[key] = settings[key];
    } else if (settings !== undefined) {
      problems.push('window.helpfirstSettings is not an object');
    }
    var options = {};
    for (key in DEFAULTS) options[key] = DEFAULTS[key];
    for (key in given) {
      if (!(key in DEFAULTS)) {
        problems.push('unknown option "' + key + '"');
        continue;
      }
      var value = given[key];
      var checked = check(key, value);
      if (checked === undefined) {
        problems.push(key + ' ' + JSON.stringify(value) + ' ' + (RULES[key] || 'is not one of ' + CHOICES[key].join(', ')));
      } else {
        options[key] = checked;
      }
    }
    return options;
  }

  // Returns the cleaned value, or undefined when the value is not acceptable.
  function check(key, value) {
    if (typeof value === 'boolean') value = String(value);
    if (typeof value !== 'string') return undefined;
    value = value.trim();
    if (CHOICES[key]) return CHOICES[key].indexOf(value) >= 0 ? value : undefined;
    switch (key) {
      case 'content':
        return url(value);
      case 'endpoint':
      case 'answers':
        return value === '' || value === 'none' ? '' : url(value);
      case 'color':
        return w.CSS && CSS.supports('color', value) ? value : undefined;
      case 'greeting':
        return value && value.length <= 280 ? value : undefined;
      case 'title':
        return value && value.length <= 40 ? value : undefined;
      case 'contact':
        return value === '' || /^mailto:[^\s@]+@[^\s@]+$/.test(value) ? value : url(value);
      case 'writeKey':
        return value.length <= 200 ? value : undefined;
      case 'dataLayer':
        return value === 'true' ? true : value === 'false' ? false : undefined;
      case 'locale':
        return /^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$/.test(value) ? value : undefined;
    }
    return undefined;
  }

  function url(value) {
    try {
      var parsed = new URL(value, location.href);
      return /^https?:$/.test(parsed.protocol) ? parsed.href : undefined;
    } catch (error) {
      return undefined;
    }
  }

  // Text on the primary colour must stay readable whatever colour the marketer picks. A hex colour
  // is read as it is; asking for any other's computed style makes the browser style the whole host
  // page at once, in the loader's task, while the page is still loading.
  function textOn(color, probe) {
    probe.style.color = color;
    var rgb = /^#([\da-f]{3}){1,2}$/i.test(color)
      ? color.slice(1).replace(/^(.)(.)(.)$/, '$1$1$2$2$3$3').match(/../g).map(function (h) { return parseInt(h, 16); })
      : getComputedStyle(probe).color.match(/[\d.]+/g) || [0, 0, 0];
    probe.style.color = '';
    var lum = rgb.slice(0, 3).map(function (c) {
      c = c / 255;
      return c <= 0.03928 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    var l = 0.2126 * lum[0] + 0.7152 * lum[1] + 0.0722 * lum[2];
    return (l + 0.05) / 0.05 > 1.05 / (l + 0.05) ? '#111' : '#fff';
  }

  // --- launcher --------------------------------------------------------------------------------

  var LAUNCHER_CSS =
    ':host{all:initial;position:fixed;z-index:var(--helpfirst-z-index,2147483000)}' +
    // The z-index is the launcher's own too: a host's `* { all: unset }` reaches the host element.
    '.launcher{position:fixed;z-index:var(--helpfirst-z-index,2147483000);' +
    'bottom:calc(var(--helpfirst-offset-y,20px) + var(--hf-lift,0px));right:var(--helpfirst-offset-x,20px);' +
    'display:flex;align-items:center;gap:8px;min-height:48px;padding:0 18px 0 14px;border:0;border-radius:24px;' +
    'background:var(--hf-primary);color:var(--hf-on-primary);font:600 16px/1 system-ui,sans-serif;cursor:pointer;' +
    'box-shadow:0 4px 14px rgba(0,0,0,.25)}' +
    ':host([data-position=bottom-left]) .launcher{right:auto;left:var(--helpfirst-offset-x,20px)}' +
    '.launcher:focus-visible{outline:3px solid var(--hf-primary);outline-offset:3px}' +
    '.launcher[aria-busy=true]{cursor:progress}' +
    '.launcher svg{width:22px;height:22px;fill:currentColor}' +
    '@media (prefers-reduced-motion:no-preference){.launcher{transition:transform .15s}.launcher:hover{transform:translateY(-2px)}}' +
    '@media print{:host{display:none}}';

  // Built with DOM calls, not innerHTML, so hosts that enforce Trusted Types accept it.
  function icon() {
    var ns = 'http://www.w3.org/2000/svg';
    var svg = d.createElementNS(ns, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    var path = d.createElementNS(ns, 'path');
    path.setAttribute('d', 'M4 3h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2zm3 6.5a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01zm5 0a1.5 1.5 0 1 0 0 .01z');
    svg.appendChild(path);
    return svg;
  }

  function mountLauncher(options) {
    var host = d.createElement('helpfirst-widget');
    host.setAttribute('data-position', options.position);
    var root = host.attachShadow({ mode: 'open' });
    var sheet = new CSSStyleSheet();
    sheet.replaceSync(LAUNCHER_CSS);
    var colors = new CSSStyleSheet();
    root.adoptedStyleSheets = [sheet, colors];
    launcher = d.createElement('button');
    launcher.type = 'button';
    launcher.className = 'launcher';
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-haspopup', 'dialog');
    launcher.setAttribute('aria-controls', 'helpfirst-panel');
    launcher.appendChild(icon());
    launcher.setAttribute('lang', options.locale);
    launcher.appendChild(d.createTextNode(options.title));
    root.appendChild(launcher);
    d.body.appendChild(host);
    colors.replaceSync(
      ':host{--hf-primary:' + options.color + ';--hf-on-primary:' + textOn(options.color, launcher) + '}'
    );
    launcher.addEventListener('click', function () { w.helpfirst.toggle(); });
    // The first sign of intent, a pointer over it (a finger's touch starts with one too) or focus,
    // mounts the panel: by the click it is ready, or on its way.
    launcher.addEventListener('pointerenter', mount, { once: true });
    launcher.addEventListener('focus', mount, { once: true });
    return { host: host, root: root };
  }

  // --- loading the widget ----------------------------------------------------------------------

  var mounted = null;
  var options = null;

  // Fetches, compiles and instantiates, without starting the widget: at idle, or at the first
  // intent. The wasm is fetched beside the glue and compiled off the main thread as it streams in.
  function prepare() {
    if (!prepared) {
      var wasm = fetch(new URL(WASM, base).href);
      // Only the chosen locale's strings are fetched.
      var strings = fetch(new URL('locales/' + options.locale.split('-')[0].toLowerCase() + '.json?v=' + VERSION, base).href)
        .then(function (response) {
          if (!response.ok) throw new Error(response.url + ' answered HTTP ' + response.status);
          return response.json();
        });
      // The frame, if a tap drew it first, speaks the table's language as soon as it arrives.
      strings.then(function (table) {
        options.strings = table;
        if (frame) frame.say(table);
      }, function () {});
      // The compiled content (content.index beside content.json): its bytes are handed to the
      // widget (which fetches it itself only if this failed, to say why).
      compiled = fetch(options.content.replace(/\.json(?=[?#]|$)/, '.index')).then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.arrayBuffer();
      });
      compiled.catch(function () {});
      prepared = Promise.all([import(new URL(GLUE, base).href).then(function (glue) {
        return glue.default({ module_or_path: wasm }).then(function () { return glue; });
      }), strings]);
      prepared.catch(fail);
    }
    return prepared;
  }

  // Starts the widget without its panel: at idle, or at the first intent. Each step is a task of
  // its own, so starting never holds up the host page's input or rendering for long: the options
  // and words, then each part of the content (the widget yields between them).
  function load() {
    if (!started && mounted) {
      state = 'loading';
      launcher.setAttribute('aria-busy', 'true');
      started = prepare()
        .then(pause)
        .then(function (done) {
          // The strings are in `options` already (see `prepare`); the widget takes them apart.
          var given = {};
          for (var key in options) if (key !== 'strings') given[key] = options[key];
          return done[0].start(given, options.strings, compiled);
        })
        .then(function (setup) {
          state = 'ready';
          launcher.removeAttribute('aria-busy');
          emit('ready', { version: VERSION });
          return setup;
        });
      started.catch(fail);
    }
    return started;
  }

  // Mounts the panel when it is first wanted (a tap, a call of the host API), or at once for a
  // visit that needs it (see `start`), and replays the calls made until then.
  function mount() {
    if (mounting || !mounted) return;
    mounting = true;
    load()
      .then(pause)
      .then(function (setup) {
        // A frame a tap just opened is on screen before the panel's mount (a longer task) runs.
        return frame && frame.open ? new Promise(function (resolve) {
          requestAnimationFrame(function () { setTimeout(resolve, 0, setup); });
        }) : setup;
      })
      .then(function (setup) {
        widget = setup.mount(mounted.root, launcher, emit, consented, handover);
      })
      .then(function () {
        // The calls made until now, replayed once the component exists (its creation is the
        // microtask the mount queued before this one).
        var pending = queue;
        queue = [];
        for (var i = 0; i < pending.length; i++) call(pending[i][0], pending[i][1]);
      })
      .catch(fail);
  }

  // The panel takes the frame's place in the task that shows it, with what the visitor was typing
  // in it (the widget calls this after each render until it does): the frame stays while it is
  // open and the panel is not, so there is never a moment without a question box to type in.
  function handover(open) {
    if (frame && frame.open && !open) return undefined;
    var typed = frame && frame.open ? frame.draft() : '';
    if (frame) frame.remove();
    frame = null;
    return typed;
  }

  // A launcher that cannot open is worse than none: remove it and leave the page as it was.
  function fail(error) {
    if (state === 'failed') return;
    state = 'failed';
    queue = [];
    mounted.host.remove();
    console.warn('helpfirst: the assistant could not load and was removed; the page is unaffected.', error);
  }

  function pause(value) {
    return new Promise(function (resolve) { setTimeout(resolve, 0, value); });
  }

  function start() {
    try {
      options = readOptions();
      options.consented = consented;
      if (!language(options.locale)) options.locale = language(d.documentElement.lang) || 'en';
      if (!options.title) options.title = TITLES[language(options.locale)];
      if (problems.length) {
        console.warn('helpfirst: using defaults for bad options: ' + problems.join('; ') + '.');
      }
      mounted = mountLauncher(options);
    } catch (error) {
      console.warn('helpfirst: the assistant could not start; the page is unaffected.', error);
      return;
    }
    if (queue.length) mount();
    afterLoad(fetchFrame);
    whenIdle(function () {
      fetchFrame().then(function (module) { module.dodge(mounted.host, launcher); }, function () {});
      // Events an earlier page could not deliver go out on this one, even before any interaction.
      // A conversation left open on the previous page of this visit opens again on this one.
      // (Asked only now: the first look at storage can take the browser a while.)
      if (hasStoredOutbox() || wasOpen()) mount();
      // The default has the widget ready before the first tap: its files are fetched in the next
      // idle period and, once they are in, it starts in a later one (a sign of intent starts it
      // sooner).
      else if (options.loading === 'idle') {
        whenIdle(function () {
          prepare().then(function () { whenIdle(load); }, function () {});
        });
      }
    });
  }

  function hasStoredOutbox() {
    try {
      for (var i = 0; i < localStorage.length; i++) {
        if (localStorage.key(i).indexOf('helpfirst.outbox.') === 0) return true;
      }
    } catch (error) {
      // Storage blocked: there is nothing stored to deliver either.
    }
    return false;
  }

  function wasOpen() {
    try {
      return sessionStorage.getItem('helpfirst.visit.open') === '1';
    } catch (error) {
      return false;
    }
  }

  function afterLoad(fn) {
    if (d.readyState === 'complete') fn();
    else w.addEventListener('load', function () { fn(); }, { once: true });
  }

  // Idle after the page's own load: the widget never competes with the page for the network.
  function whenIdle(fn) {
    afterLoad(function () {
      if (w.requestIdleCallback) w.requestIdleCallback(fn, { timeout: 4000 });
      else setTimeout(fn, 1);
    });
  }

  if (d.body) start();
  else d.addEventListener('DOMContentLoaded', start, { once: true });
})();
