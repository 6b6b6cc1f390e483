/**
 * Staff tools: `npm run kb -- <command>`.
 *   check [--knowledge DIR]
 *   ask "question" [--lang L] [--knowledge DIR]
 *   eval --cases FILE|DIR [--knowledge DIR] [--list-blind] [--skip-blind]
 *   tune --cases DIR [--knowledge DIR] [--dry-run] [--with-dev]
 *   report LOGFILE...
 *   suggest LOGFILE... [--apply --accept all|1,3]
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { CASES_FOLDER, formatProblem, readKnowledge } from '../knowledge';
import { isSupportedLocale } from '../language/locale';
import { parse, processIO, UsageError, type CliIO } from './args';

/**
 * Each command loads its modules when it runs: `kb check` never pays for the bot, botbuilder or the
 * search index that `kb ask` and `kb eval` need (about 0.5 s of a check's start-up).
 */
function load<T>(module: string): T {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- CommonJS output: require is the lazy import
  return require(module) as T;
}

const USAGE = `Usage: npm run kb -- <command> [options]

  init DIR --office "Name" [--locale zh-Hans|en] a new office's knowledge folder: office.yaml, config.yaml,
                                                an example entry and cases/ (passes check)
  check [--knowledge DIR]                       validate every knowledge file (exit 1 on errors)
  ask "question" [--lang en|zh-Hans|zh-Hant]    show the decision, top candidates and the reply
        [--knowledge DIR]
  eval --cases FILE|DIR [--knowledge DIR]       per language: answered right/wrong, did you mean, no match,
        [--list-blind] [--skip-blind]           out-of-scope declined; dev/ and blind/ folders are reported
                                                apart (blind failures listed only with --list-blind;
                                                --skip-blind leaves the blind set out while you tune)
  tune --cases DIR [--knowledge DIR]            fit the answer decision on the tuning cases (never blind/;
        [--dry-run] [--with-dev]                dev/ too with --with-dev), cross-validated; writes config.yaml
  report [--since DATE] [--until DATE]          the staff's weekly report from the bot's logs (plain or .gz):
        [--format markdown|json|html] LOGFILE...  unanswered questions, did-you-mean choices, feedback, answers
  suggest LOGFILE... [--knowledge DIR]          new questions for entries from what users typed (did-you-mean
        [--apply --accept all|1,3,5-7]          picks, answers after a thumbs-down, unanswered near an entry);
        [--cases DIR]                           --apply writes the accepted ones, restored if kb eval drops
  eval --compare REF --cases DIR                which cases changed between REF (a folder, or a git ref such
                                                as HEAD or main) and the knowledge now

DIR defaults to $KNOWLEDGE_DIR or ./knowledge.`;

/** Asks on the terminal (for `kb suggest --apply` without --accept); none when stdin is not one. */
function terminalQuestion(): ((question: string) => Promise<string>) | undefined {
  if (!process.stdin.isTTY) return undefined;
  return async (question) => {
    const { createInterface } = await import('node:readline/promises');
    const rl = createInterface({ input: process.stdin, output: process.stdout });
    try {
      return await rl.question(question);
    } finally {
      rl.close();
    }
  };
}

/** A knowledge folder's own evaluation cases (`DIR/cases/`), when it has them. */
function defaultCases(knowledgeDir: string): string | undefined {
  const folder = path.join(knowledgeDir, CASES_FOLDER);
  return existsSync(folder) ? folder : undefined;
}

export async function main(argv: string[], io: CliIO = processIO, env = process.env): Promise<number> {
  const [command, ...rest] = argv;
  const defaultDir = env.KNOWLEDGE_DIR || 'knowledge';
  try {
    switch (command) {
      case 'check': {
        const { values } = parse(rest, { knowledge: { type: 'string' } });
        const { runCheck } = load<typeof import('./check')>('./check');
        return runCheck(path.resolve(values.knowledge ?? defaultDir), io);
      }
      case 'init': {
        const { runInit } = load<typeof import('./init')>('./init');
        return runInit(rest, io);
      }
      case 'ask': {
        const { values, positionals } = parse(rest, {
          knowledge: { type: 'string' },
          lang: { type: 'string' }
        });
        const question = positionals.join(' ');
        if (!question) throw new UsageError('ask needs a question in quotes');
        if (values.lang !== undefined && !isSupportedLocale(values.lang))
          throw new UsageError(`--lang must be en, zh-Hans or zh-Hant`);
        const { runAsk } = load<typeof import('./ask')>('./ask');
        return await runAsk(path.resolve(values.knowledge ?? defaultDir), question, values.lang, io);
      }
      case 'eval': {
        const { values } = parse(rest, {
          knowledge: { type: 'string' },
          cases: { type: 'string' },
          'list-blind': { type: 'boolean' },
          'skip-blind': { type: 'boolean' },
          compare: { type: 'string' }
        });
        const knowledgeDir = path.resolve(values.knowledge ?? defaultDir);
        const casesTarget = values.cases ?? defaultCases(knowledgeDir);
        if (!casesTarget)
          throw new UsageError(
            `eval needs --cases FILE|DIR (${knowledgeDir} has no ${CASES_FOLDER}/ folder)`
          );
        if (values.compare !== undefined) {
          const { runCompare } = load<typeof import('./compare')>('./compare');
          return runCompare(knowledgeDir, values.compare, path.resolve(casesTarget), io);
        }
        const { knowledge, problems } = readKnowledge(knowledgeDir);
        if (!knowledge) {
          problems.filter((p) => p.severity === 'error').forEach((p) => io.stderr(formatProblem(p)));
          return 2;
        }
        const { evaluate, formatEvaluation, readEvaluationCases } =
          load<typeof import('./evaluate')>('./evaluate');
        const { Matcher } = load<typeof import('../search')>('../search');
        const cases = readEvaluationCases(path.resolve(casesTarget), new Set(knowledge.byId.keys()), {
          withBlind: !values['skip-blind']
        });
        if (cases.problems.length > 0) {
          cases.problems.forEach((p) => io.stderr(formatProblem(p)));
          return 2;
        }
        const { report, outcomes } = evaluate(new Matcher(knowledge), cases.cases);
        formatEvaluation(report, outcomes, { listBlindFailures: values['list-blind'] }).forEach((line) =>
          io.stdout(line)
        );
        io.stdout(JSON.stringify(report));
        return 0;
      }
      case 'tune': {
        const { runTune } = load<typeof import('./tune')>('./tune');
        const { values } = parse(rest, {
          knowledge: { type: 'string' },
          cases: { type: 'string' },
          'dry-run': { type: 'boolean' },
          'with-dev': { type: 'boolean' }
        });
        if (!values.cases) throw new UsageError('tune needs --cases DIR (the tuning cases)');
        return runTune(
          path.resolve(values.knowledge ?? defaultDir),
          path.resolve(values.cases),
          !values['dry-run'],
          io,
          new Date(),
          values['with-dev'] === true
        );
      }
      case 'report': {
        const { runReport } = load<typeof import('./report')>('./report');
        // The report writes whole chunks; CliIO adds a newline per call.
        return await runReport(rest, {
          stdout: { write: (text: string) => io.stdout(text.replace(/\n$/, '')) },
          stderr: { write: (text: string) => io.stderr(text.replace(/\n$/, '')) }
        });
      }
      case 'suggest': {
        const { runSuggest } = load<typeof import('./suggest')>('./suggest');
        return await runSuggest(rest, { ...io, ask: terminalQuestion() }, env);
      }
      case undefined:
      case 'help':
      case '--help':
        io.stdout(USAGE);
        return command === undefined ? 2 : 0;
      default:
        throw new UsageError(`unknown command "${command}"`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr(`${error.message}\n\n${USAGE}`);
      return 2;
    }
    throw error;
  }
}

if (require.main === module) {
  // `kb eval ... | head`: the reader closing the pipe early ends the command quietly, without a trace.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${error instanceof Error ? error.stack : String(error)}\n`);
      process.exit(1);
    }
  );
}
