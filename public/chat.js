/*
 * The chat page: asks this server for a Direct Line token, then starts Microsoft Web Chat. The page
 * follows the language the chat is in: when the assistant answers in another language (a language
 * button, a typed "English", a question in Traditional), the header, notice, placeholder, <html lang>,
 * avatar and Web Chat's own labels switch with it, and the conversation stays.
 */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('fao-config').textContent);
  var host = document.getElementById('chat');
  var status = document.getElementById('chat-status');
  var current = config.locale;
  var session; // { directLine, store, userId } once the chat has started
  var endedNotice = false; // the server ended the last chat; this one replaces it

  // Latin text in a Latin font first (curly quotes and apostrophes stay proportional), CJK after it,
  // Traditional or Simplified forms first as the page's language asks.
  var LATIN = "'Segoe UI', Roboto, 'Helvetica Neue', Arial, 'Noto Sans', 'DejaVu Sans'";
  var CJK = {
    'zh-Hant':
      "'Noto Sans CJK TC', 'Microsoft JhengHei', 'PingFang TC', 'Noto Sans CJK SC', 'Microsoft YaHei'",
    other: "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK TC'"
  };
  function fontsFor(locale) {
    return LATIN + ', ' + (CJK[locale] || CJK.other) + ', system-ui, sans-serif';
  }

  function view(locale) {
    return config.locales[locale] || config.locales[config.locale];
  }

  // Colours meet WCAG AA contrast on white; focus rings stay visible.
  function styleOptions(locale) {
    return {
      accent: '#0b4f8a',
      primaryFont: fontsFor(locale),
      fontSizeSmall: '80%',
      backgroundColor: '#ffffff',
      bubbleBackground: '#f1f4f8',
      bubbleBorderColor: '#c9d3df',
      bubbleBorderRadius: 6,
      bubbleTextColor: '#1a1a1a',
      bubbleFromUserBackground: '#0b4f8a',
      bubbleFromUserBorderColor: '#0b4f8a',
      bubbleFromUserBorderRadius: 6,
      bubbleFromUserTextColor: '#ffffff',
      bubbleMaxWidth: 640,
      botAvatarInitials: view(locale).strings.avatar,
      botAvatarBackgroundColor: '#0b4f8a',
      hideUploadButton: true,
      sendBoxTextWrap: true,
      sendBoxButtonColor: '#0b4f8a',
      suggestedActionLayout: 'flow',
      suggestedActionBackgroundColor: '#ffffff',
      suggestedActionBorderColor: '#0b4f8a',
      suggestedActionTextColor: '#0b4f8a',
      suggestedActionBorderRadius: 4,
      suggestedActionHeight: 36,
      timestampColor: '#555555',
      transcriptVisualKeyboardIndicatorColor: '#b45309',
      transcriptActivityVisualKeyboardIndicatorColor: '#b45309',
      rootHeight: '100%'
    };
  }

  function setStatus(text, withRetry) {
    status.hidden = false;
    status.textContent = text;
    if (withRetry) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'retry';
      button.textContent = view(current).strings.retry;
      button.addEventListener('click', function () {
        start();
      });
      status.appendChild(document.createTextNode(' '));
      status.appendChild(button);
      button.focus();
    }
  }

  /** Page text, labels and the language switch in `locale`. */
  function showPageIn(locale) {
    var v = view(locale);
    document.documentElement.lang = locale;
    document.title = v.documentTitle;
    var texts = document.querySelectorAll('[data-text]');
    for (var i = 0; i < texts.length; i++) {
      var key = texts[i].getAttribute('data-text');
      if (typeof v.text[key] === 'string') {
        texts[i].textContent = v.text[key];
        texts[i].hidden = v.text[key] === '';
      }
    }
    document.querySelector('nav.languages').setAttribute('aria-label', v.labels.languages);
    host.setAttribute('aria-label', v.labels.chat);
    var links = document.querySelectorAll('nav.languages a[data-locale]');
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute('data-locale') === locale) links[j].setAttribute('aria-current', 'true');
      else links[j].removeAttribute('aria-current');
    }
    if (!status.hidden && !session) status.textContent = v.strings.connecting;
    // A reload keeps the language (it starts a new chat, as any reload does).
    var url = new URL(window.location.href);
    url.searchParams.set('lang', locale);
    window.history.replaceState(null, '', url.href);
  }

  function renderChat() {
    var v = view(current);
    window.WebChat.renderWebChat(
      {
        directLine: session.directLine,
        store: session.store,
        userID: session.userId,
        locale: v.webChatLocale,
        styleOptions: styleOptions(current),
        overrideLocalizedStrings: { TEXT_INPUT_PLACEHOLDER: v.strings.placeholder }
      },
      host
    );
  }

  function switchTo(locale) {
    if (locale === current || !config.locales[locale]) return;
    current = locale;
    showPageIn(locale);
    if (session) renderChat();
  }

  /** Follows the language of the assistant's messages (each reply carries its locale). */
  function followLanguage() {
    return function () {
      return function (next) {
        return function (action) {
          if (action.type === 'DIRECT_LINE/POST_ACTIVITY' && endedNotice) {
            endedNotice = false;
            status.hidden = true;
          }
          if (action.type === 'DIRECT_LINE/INCOMING_ACTIVITY') {
            var activity = action.payload && action.payload.activity;
            var fromBot = activity && activity.from && activity.from.role === 'bot';
            if (fromBot && activity.type === 'message' && config.locales[activity.locale]) {
              var locale = activity.locale;
              // After the store has taken the activity, outside its dispatch.
              setTimeout(function () {
                switchTo(locale);
              }, 0);
            }
          }
          return next(action);
        };
      };
    };
  }

  function directLineDomain() {
    return config.directLineDomain || new URL('/v3/directline', window.location.href).href;
  }

  function start(notice) {
    setStatus(notice || view(current).strings.connecting, false);
    session = undefined;
    fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: view(current).webChatLocale }),
      credentials: 'same-origin'
    })
      .then(function (response) {
        if (!response.ok) throw new Error('token request failed: ' + response.status);
        return response.json();
      })
      .then(function (token) {
        var directLine = window.WebChat.createDirectLine({
          token: token.token,
          domain: directLineDomain(),
          // Replies arrive over a WebSocket the moment they are sent; polling when the server offers none.
          webSocket: config.webSocket !== false,
          conversationStartProperties: { locale: view(current).webChatLocale }
        });
        // The server ended this chat (a long pause, or to make room; it answers 404): start a new one at
        // once and say so until the user writes. Polling reports it as status 5 (ended); over the
        // WebSocket, Direct Line JS ends its activity stream with "conversation ended" instead.
        var ended = function () {
          if (!session || session.directLine !== directLine) return;
          endedNotice = true;
          session = undefined;
          start(view(current).strings.ended);
        };
        directLine.connectionStatus$.subscribe(function (connection) {
          // 2 = online; 4 = failed to connect; 5 = ended.
          if (connection === 2 && !endedNotice) status.hidden = true;
          if (connection === 4) setStatus(view(current).strings.failed, true);
          if (connection === 5) ended();
        });
        directLine.activity$.subscribe(
          function () {},
          function (error) {
            if (error && error.message === 'conversation ended') ended();
          }
        );
        session = {
          directLine: directLine,
          store: window.WebChat.createStore({}, followLanguage()),
          userId: token.userId
        };
        renderChat();
        if (config.embed) focusSendBox(20);
      })
      .catch(function () {
        setStatus(view(current).strings.failed, true);
      });
  }

  function focusSendBox(attempts) {
    var input = host.querySelector('[data-id="webchat-sendbox-input"]');
    if (input) input.focus();
    else if (attempts > 0)
      setTimeout(function () {
        focusSendBox(attempts - 1);
      }, 100);
    else host.focus();
  }

  // "Skip to the chat" puts the caret in the send box (without the script: the chat section).
  document.querySelector('.skip-link').addEventListener('click', function (event) {
    event.preventDefault();
    focusSendBox(0);
  });

  // The language links ask the assistant to switch, so the conversation goes on; the page follows its
  // reply. Before the chat is connected they are ordinary links.
  var links = document.querySelectorAll('nav.languages a[data-locale]');
  for (var k = 0; k < links.length; k++) {
    links[k].addEventListener('click', function (event) {
      var locale = event.currentTarget.getAttribute('data-locale');
      if (!session || status.hidden === false) return;
      event.preventDefault();
      if (locale === current) return;
      var name = event.currentTarget.textContent;
      session.store.dispatch({
        type: 'WEB_CHAT/SEND_MESSAGE_BACK',
        payload: { text: name, displayText: name, value: { action: 'language', locale: locale } }
      });
      switchTo(locale);
    });
  }

  // In the embed panel, Escape asks the host page to close the panel.
  if (config.embed && window.parent !== window) {
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') window.parent.postMessage({ type: 'fao-assistant:close' }, '*');
    });
  }

  if (window.WebChat) start();
  else setStatus(view(current).strings.failed, true);
})();
