/** The root pino logger: JSON to stdout, one event per line, personal data never logged raw. */
import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config';

export type { Logger } from 'pino';

/**
 * Every log event name, and the only place they are written (a test fails on a literal event name
 * anywhere in src/). Stable: staff reports (`kb report`) and dashboards depend on them.
 */
export const LogEvents = {
  serverStarted: 'server.started',
  serverStopping: 'server.stopping',
  serverStopped: 'server.stopped',
  knowledgeLoaded: 'knowledge.loaded',
  knowledgeLoadFailed: 'knowledge.load_failed',
  knowledgeReloaded: 'knowledge.reloaded',
  knowledgeReloadFailed: 'knowledge.reload_failed',
  knowledgeUnchanged: 'knowledge.unchanged',
  knowledgeWarning: 'knowledge.warning',
  knowledgeWatchFailed: 'knowledge.watch_failed',
  configGeneratedSecret: 'config.generated_secret',
  messageAnswered: 'message.answered',
  messageSuggested: 'message.suggested',
  messageUnmatched: 'message.unmatched',
  messageRejected: 'message.rejected',
  smallTalkAnswered: 'smalltalk.answered',
  handoffRequested: 'handoff.requested',
  suggestionChosen: 'suggestion.chosen',
  feedbackGiven: 'feedback.given',
  languageChanged: 'language.changed',
  turnError: 'turn.error',
  httpError: 'http.error',
  authRejected: 'auth.rejected',
  directLineFull: 'directline.full',
  directLineUpstreamFailed: 'directline.upstream_failed',
  wechatRejected: 'wechat.rejected',
  wechatDuplicate: 'wechat.duplicate',
  wechatIgnored: 'wechat.ignored',
  wechatLateReply: 'wechat.late_reply',
  wechatSendFailed: 'wechat.send_failed',
  redisReady: 'redis.ready',
  redisDisconnected: 'redis.disconnected',
  directLineStreamOpened: 'directline.stream_opened',
  directLineStreamClosed: 'directline.stream_closed'
} as const;

/**
 * `clock` (milliseconds since the epoch) replaces the real time in the `time` field: scripts that
 * replay a week of chats in a second (scripts/suggest-fixture.ts) stamp them as the week they stand for.
 */
export function createLogger(
  level: LogLevel,
  destination?: pino.DestinationStream,
  clock?: () => number
): Logger {
  return pino(
    {
      level,
      base: { service: 'fao-assistant' },
      timestamp: clock ? () => `,"time":"${new Date(clock()).toISOString()}"` : pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // Belt and braces: fields that may carry raw user input or secrets are never written.
      redact: {
        paths: ['req.headers.authorization', 'headers.authorization', 'activity.text', 'rawText'],
        censor: '[redacted]'
      }
    },
    // Synchronous writes to stdout: one small line per turn costs less than sonic-boom's asynchronous
    // round trip through libuv for every line, and nothing is lost if the process dies.
    destination ?? pino.destination({ dest: 1, sync: true })
  );
}
