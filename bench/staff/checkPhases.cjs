// One `kb check` in phases, in a fresh process (module loading is part of what staff wait for):
// node bench/staff/checkPhases.cjs DIR  ->  one JSON line of milliseconds and the CPU time used.
'use strict';
const path = require('node:path');
const { performance } = require('node:perf_hooks');
const { parseArgs } = require('node:util');
const [dir] = parseArgs({ allowPositionals: true }).positionals;
const dist = path.resolve(__dirname, '..', '..', 'dist');
const t0 = performance.now();
const { readKnowledge } = require(path.join(dist, 'knowledge'));
const check = require(path.join(dist, 'cli', 'check'));
const t1 = performance.now();
const { knowledge } = readKnowledge(dir, { generateTraditional: false });
const t2 = performance.now();
check.findThinEntries(knowledge);
const t3 = performance.now();
check.findDuplicateQuestions(knowledge);
const t4 = performance.now();
check.findReloadRefusal(dir, knowledge);
const t5 = performance.now();
const cpu = process.cpuUsage();
const round = (ms) => Math.round(ms);
process.stdout.write(
  `${JSON.stringify({
    loadModulesMs: round(t1 - t0),
    readAndValidateMs: round(t2 - t1),
    thinEntriesMs: round(t3 - t2),
    duplicateQuestionsMs: round(t4 - t3),
    againstLastCommitMs: round(t5 - t4),
    cpuMs: round((cpu.user + cpu.system) / 1000),
    questions: knowledge.entries.reduce(
      (n, e) => n + e.questions.en.length + e.questions['zh-Hans'].length,
      0
    )
  })}\n`
);
