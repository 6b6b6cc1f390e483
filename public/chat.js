/* The chat page: asks this server for a Direct Line token, then starts Microsoft Web Chat. */
(function () {
  'use strict';

  var config = JSON.parse(document.getElementById('fao-config').textContent);
  var host = document.getElementById('chat');
  var status = document.getElementById('chat-status');

  var fonts =
    config.locale === 'zh-Hant'
      ? "'Noto Sans CJK TC', 'Microsoft JhengHei', 'PingFang TC', 'Noto Sans CJK SC', system-ui, sans-serif"
      : "'Noto Sans CJK SC', 'Microsoft YaHei', 'PingFang SC', system-ui, sans-serif";

  // Colours meet WCAG AA contrast on white; focus rings stay visible.
  var styleOptions = {
    accent: '#0b4f8a',
    primaryFont: fonts,
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
    botAvatarInitials: config.locale === 'en' ? 'FAO' : '外办',
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

  function setStatus(text, withRetry) {
    status.hidden = false;
    status.textContent = text;
    if (withRetry) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'retry';
      button.textContent = config.strings.retry;
      button.addEventListener('click', function () {
        start();
      });
      status.appendChild(document.createTextNode(' '));
      status.appendChild(button);
      button.focus();
    }
  }

  function directLineDomain() {
    return config.directLineDomain || new URL('/v3/directline', window.location.href).href;
  }

  function start() {
    setStatus(config.strings.connecting, false);
    fetch(config.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ locale: config.webChatLocale }),
      credentials: 'same-origin'
    })
      .then(function (response) {
        if (!response.ok) throw new Error('token request failed: ' + response.status);
        return response.json();
      })
      .then(function (session) {
        var directLine = window.WebChat.createDirectLine({
          token: session.token,
          domain: directLineDomain(),
          // Replies arrive over a WebSocket the moment they are sent; polling when the server offers none.
          webSocket: config.webSocket !== false,
          conversationStartProperties: { locale: config.webChatLocale }
        });
        directLine.connectionStatus$.subscribe(function (connection) {
          // 2 = online; 4 = failed to connect; 5 = ended (the conversation expired).
          if (connection === 2) status.hidden = true;
          if (connection === 4 || connection === 5) setStatus(config.strings.failed, true);
        });
        window.WebChat.renderWebChat(
          {
            directLine: directLine,
            userID: session.userId,
            locale: config.webChatLocale,
            styleOptions: styleOptions
          },
          host
        );
        if (config.embed) focusSendBox(20);
      })
      .catch(function () {
        setStatus(config.strings.failed, true);
      });
  }

  // Inside the embed panel, typing should start right away.
  function focusSendBox(attempts) {
    var input = host.querySelector('[data-id="webchat-sendbox-input"]');
    if (input) input.focus();
    else if (attempts > 0)
      setTimeout(function () {
        focusSendBox(attempts - 1);
      }, 100);
  }

  // In the embed panel, Escape asks the host page to close the panel.
  if (config.embed && window.parent !== window) {
    document.addEventListener('keydown', function (event) {
      if (event.key === 'Escape') window.parent.postMessage({ type: 'fao-assistant:close' }, '*');
    });
  }

  if (window.WebChat) start();
  else setStatus(config.strings.failed, true);
})();
