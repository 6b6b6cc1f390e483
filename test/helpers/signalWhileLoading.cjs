/**
 * Preloaded into a server process (NODE_OPTIONS=--require): sends the process the signal named in
 * SIGNAL_WHILE_LOADING the first time the knowledge folder is listed, that is while the knowledge
 * loads at start, before the server listens.
 */
const fs = require('node:fs');
const path = require('node:path');

const signal = process.env.SIGNAL_WHILE_LOADING;
const knowledgeDir = path.resolve(process.env.KNOWLEDGE_DIR ?? '');
const readdirSync = fs.readdirSync;
let sent = false;
fs.readdirSync = function (...args) {
  if (signal && !sent && path.resolve(String(args[0])) === knowledgeDir) {
    sent = true;
    process.kill(process.pid, signal);
  }
  return readdirSync.apply(this, args);
};
