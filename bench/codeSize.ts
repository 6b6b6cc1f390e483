/**
 * Lines of code per room of src/ (a line counts when it holds anything but whitespace and comments,
 * as the TypeScript parser sees it), at one or more git commits or the work tree ('.').
 *   npx tsx bench/codeSize.ts a8517b2 HEAD
 * Prints a Markdown table: one column per commit, one row per room (top-level folder of src/;
 * files directly in src/ and any other folder, today logging/, fall under "rest").
 */
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { markdownTable, parse } from '../src/cli/args';

const ROOMS = [
  'bot',
  'channels',
  'search',
  'language',
  'http',
  'storage',
  'knowledge',
  'cli',
  'web',
  'runtime'
];

/** Lines that hold a token other than whitespace and comments (from the parse tree, so regexes and templates are right). */
export function codeLines(text: string): number {
  const source = ts.createSourceFile('file.ts', text, ts.ScriptTarget.Latest, true);
  const lines = new Set<number>();
  const lineOf = (pos: number) => source.getLineAndCharacterOfPosition(pos).line;
  const visit = (node: ts.Node): void => {
    if (node.kind >= ts.SyntaxKind.FirstJSDocNode && node.kind <= ts.SyntaxKind.LastJSDocNode) return;
    const children = node.getChildren(source);
    if (children.length > 0) return children.forEach(visit);
    if (node.kind === ts.SyntaxKind.EndOfFileToken) return;
    // A token may span lines (a template literal): each of its lines counts.
    for (let line = lineOf(node.getStart(source)); line <= lineOf(node.getEnd()); line++) lines.add(line);
  };
  visit(source);
  return lines.size;
}

function roomOf(path: string): string {
  const parts = path.split('/');
  return parts.length > 2 && ROOMS.includes(parts[1]!) ? parts[1]! : 'rest';
}

function filesAt(commit: string): Map<string, string> {
  const files = new Map<string, string>();
  if (commit === '.') {
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const path = join(dir, name);
        if (statSync(path).isDirectory()) walk(path);
        else if (path.endsWith('.ts')) files.set(relative('.', path), readFileSync(path, 'utf8'));
      }
    };
    walk('src');
    return files;
  }
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', maxBuffer: 1 << 28 });
  for (const path of git('ls-tree', '-r', '--name-only', commit, 'src').split('\n'))
    if (path.endsWith('.ts')) files.set(path, git('show', `${commit}:${path}`));
  return files;
}

function main(commits: string[]): void {
  const sizes = commits.map((commit) => {
    const perRoom = new Map<string, number>();
    for (const [path, text] of filesAt(commit))
      perRoom.set(roomOf(path), (perRoom.get(roomOf(path)) ?? 0) + codeLines(text));
    return perRoom;
  });
  const rows = [...ROOMS, 'rest'];
  const total = (perRoom: Map<string, number>) => [...perRoom.values()].reduce((a, b) => a + b, 0);
  console.log(
    markdownTable(
      ['room', ...commits],
      [
        ...rows.map((room) => [room, ...sizes.map((s) => s.get(room) ?? 0)]),
        ['**src/**', ...sizes.map((s) => `**${total(s)}**`)]
      ],
      `l${'r'.repeat(commits.length)}`
    )
  );
}

if (require.main === module) {
  const { positionals } = parse(process.argv.slice(2), {});
  main(positionals.length > 0 ? positionals : ['.']);
}
