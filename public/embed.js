/*
 * FAO Assistant embed: adds a floating chat button to any page; the button opens the chat in a panel.
 *   <script src="https://assistant.example.gov.cn/embed.js" data-lang="zh-Hans" async></script>
 * data-lang: en | zh-Hans | zh-Hant (default: the page's or browser's language)
 * data-position: right | left (default right); data-title: the button's label.
 * The host site's origin must be in the server's ALLOWED_ORIGINS, or the browser refuses the frame: the
 * script asks the server first and, on a site that is not allowed, shows no button and says why in the
 * console.
 */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!script || window.__faoAssistantEmbed) return;
  window.__faoAssistantEmbed = true;

  // eslint-disable-next-line no-undef -- replaced by the server with the page's strings (src/web/routes.ts)
  var STRINGS = __FAO_STRINGS__;
  var origin = new URL(script.src, window.location.href).origin;

  function normalize(tag) {
    var t = String(tag || '').toLowerCase();
    if (/^en\b/.test(t)) return 'en';
    if (!/^zh\b/.test(t)) return undefined;
    return /hant|-tw|-hk|-mo/.test(t) ? 'zh-Hant' : 'zh-Hans';
  }

  var data = script.dataset;
  var lang =
    normalize(data.lang) || normalize(document.documentElement.lang) || normalize(navigator.language);
  var texts = STRINGS[lang || 'zh-Hans'];
  var title = data.title || texts.open;
  var side = /left/.test(data.position || '') ? 'left' : 'right';
  // As on the chat page: Latin text in a Latin font first, then the CJK font of the language's script.
  var FONT =
    "'Segoe UI',Roboto,'Helvetica Neue',Arial,'Noto Sans','DejaVu Sans'," +
    (lang === 'zh-Hant'
      ? "'Noto Sans CJK TC','Microsoft JhengHei','PingFang TC','Noto Sans CJK SC'"
      : "'Noto Sans CJK SC','Microsoft YaHei','PingFang SC','Noto Sans CJK TC'") +
    ',system-ui,sans-serif';

  var host = document.createElement('div');
  host.id = 'fao-assistant-embed';
  var root = host.attachShadow ? host.attachShadow({ mode: 'open' }) : host;
  var style = document.createElement('style');
  style.textContent =
    ':host{all:initial}' +
    '.launcher{position:fixed;bottom:20px;' +
    side +
    ':20px;z-index:2147483000;display:flex;align-items:center;gap:8px;' +
    'padding:12px 18px;border:0;border-radius:28px;background:#0b4f8a;color:#fff;cursor:pointer;' +
    'font:600 16px/1.2 ' +
    FONT +
    ';' +
    'box-shadow:0 4px 14px rgba(0,0,0,.3)}' +
    '.launcher:hover{background:#073763}' +
    '.launcher:focus-visible,.close:focus-visible{outline:3px solid #b45309;outline-offset:3px}' +
    '.launcher svg{width:22px;height:22px;fill:currentColor}' +
    '.panel{position:fixed;bottom:84px;' +
    side +
    ':20px;z-index:2147483000;width:400px;height:640px;' +
    'max-width:calc(100vw - 24px);max-height:calc(100vh - 104px);display:flex;flex-direction:column;' +
    'background:#fff;border:1px solid #c9d3df;border-radius:8px;overflow:hidden;box-shadow:0 8px 28px rgba(0,0,0,.3)}' +
    '.panel[hidden]{display:none}' +
    '.bar{display:flex;align-items:center;justify-content:space-between;padding:8px 8px 8px 14px;background:#0b4f8a;' +
    'color:#fff;font:600 15px/1.3 ' +
    FONT +
    '}' +
    '.close{width:36px;height:36px;border:0;border-radius:4px;background:transparent;color:#fff;font-size:24px;' +
    'line-height:1;cursor:pointer}.close:hover{background:#073763}' +
    'iframe{flex:1;width:100%;border:0}' +
    '@media (max-width:480px){.panel{bottom:0;' +
    side +
    ':0;width:100vw;height:100%;max-width:none;max-height:none;border-radius:0}' +
    // On a phone the open panel fills the screen and has its own close button: the floating button
    // would cover the send box.
    '.panel:not([hidden])+.launcher{display:none}}';

  var launcher = document.createElement('button');
  launcher.type = 'button';
  launcher.className = 'launcher';
  launcher.setAttribute('aria-expanded', 'false');
  launcher.setAttribute('aria-controls', 'fao-assistant-panel');
  launcher.innerHTML =
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg>';
  var label = document.createElement('span');
  label.textContent = title;
  launcher.appendChild(label);

  var panel = document.createElement('div');
  panel.className = 'panel';
  panel.id = 'fao-assistant-panel';
  panel.hidden = true;
  panel.setAttribute('role', 'dialog');
  panel.setAttribute('aria-label', title);
  var bar = document.createElement('div');
  bar.className = 'bar';
  var heading = document.createElement('span');
  heading.textContent = title;
  var close = document.createElement('button');
  close.type = 'button';
  close.className = 'close';
  close.setAttribute('aria-label', texts.close);
  close.textContent = '×';
  bar.appendChild(heading);
  bar.appendChild(close);
  panel.appendChild(bar);

  var frame;
  function open() {
    if (!frame) {
      frame = document.createElement('iframe');
      frame.title = title;
      frame.src = origin + '/?embed=1' + (lang ? '&lang=' + encodeURIComponent(lang) : '');
      frame.setAttribute('allow', '');
      panel.appendChild(frame);
    }
    panel.hidden = false;
    launcher.setAttribute('aria-expanded', 'true');
    frame.focus();
  }
  function shut() {
    panel.hidden = true;
    launcher.setAttribute('aria-expanded', 'false');
    launcher.focus();
  }
  launcher.addEventListener('click', function () {
    if (panel.hidden) open();
    else shut();
  });
  close.addEventListener('click', shut);
  panel.addEventListener('keydown', function (event) {
    if (event.key === 'Escape') shut();
  });
  // The chat inside the frame asks to close on Escape (key events do not leave a frame).
  window.addEventListener('message', function (event) {
    if (event.origin === origin && event.data && event.data.type === 'fao-assistant:close' && !panel.hidden)
      shut();
  });

  root.appendChild(style);
  root.appendChild(panel);
  root.appendChild(launcher);
  function attach() {
    document.body.appendChild(host);
  }
  function show() {
    if (document.body) attach();
    else document.addEventListener('DOMContentLoaded', attach);
  }
  var refused =
    'FAO Assistant: this site (' +
    window.location.origin +
    ') may not embed the chat: add it to ALLOWED_ORIGINS on ' +
    origin +
    '. The chat button is not shown.';
  // Only a site the server allows can show the chat; elsewhere the panel would stay grey.
  fetch(origin + '/embed/allowed', { credentials: 'omit', cache: 'no-store' })
    .then(function (response) {
      if (!response.ok) throw new Error('HTTP ' + response.status);
      return response.json();
    })
    .then(function (answer) {
      if (answer && answer.allowed === true) show();
      else console.warn(refused);
    })
    .catch(function (error) {
      console.warn(
        'FAO Assistant: cannot reach ' + origin + ' (' + error.message + '). The chat button is not shown.'
      );
    });
})();
