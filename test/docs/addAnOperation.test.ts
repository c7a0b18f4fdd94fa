import { describe, expect, it } from '@jest/globals';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/**
 * docs/developing.md's "How to add an operation" is applied, block by block and exactly as
 * written, to a copy of the project; the copy's validators are generated and the files the
 * guide writes compile (`tsc --noEmit`, the project's own settings). A guide whose names or
 * files drift from the code fails here.
 *
 * A block starts with `// new file: <path>` (the block is the file) or
 * `// in <path>, after the line \`<line>\`` (the rest is put after that line, which must be
 * in the file once).
 */
const ROOT = resolve(import.meta.dirname, '../..');
const COPIED = ['lambda', 'infra', 'local', 'scripts', 'test', 'bench', 'tsconfig.json', 'package.json'];

interface Block {
  path: string;
  /** The line the code goes after; none for a new file. */
  after: string | undefined;
  code: string;
}

function guideBlocks(): Block[] {
  const doc = readFileSync(join(ROOT, 'docs/developing.md'), 'utf8');
  const start = doc.indexOf('## How to add an operation');
  const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
  return [...section.matchAll(/^```ts\n([\s\S]*?)^```/gm)].map(([, text]) => {
    const [header, ...rest] = text!.split('\n');
    const code = rest.join('\n');
    const created = /^\/\/ new file: (\S+)$/.exec(header!);
    if (created) return { path: created[1]!, after: undefined, code };
    const edit = /^\/\/ in (\S+), after the line `(.+)`$/.exec(header!);
    if (!edit) throw new Error(`A block of the guide starts neither with "// new file:" nor "// in …, after the line": ${header}`);
    return { path: edit[1]!, after: edit[2]!, code };
  });
}

function apply(copy: string, block: Block): void {
  const file = join(copy, block.path);
  if (block.after === undefined) {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, block.code, { flag: 'wx' });
    return;
  }
  const lines = readFileSync(file, 'utf8').split('\n');
  const at = lines.flatMap((line, index) => (line.trim() === block.after ? [index] : []));
  if (at.length !== 1) throw new Error(`${block.path}: the line \`${block.after}\` is there ${at.length} times, not once`);
  lines.splice(at[0]! + 1, 0, block.code.replace(/\n$/, ''));
  writeFileSync(file, lines.join('\n'));
}

describe('How to add an operation (docs/developing.md)', () => {
  it('compiles against the project when followed as written', () => {
    const blocks = guideBlocks();
    expect(blocks.filter((block) => block.after === undefined).length).toBeGreaterThanOrEqual(3);
    const copy = mkdtempSync(join(tmpdir(), 'add-an-operation-'));
    try {
      for (const name of COPIED) {
        cpSync(join(ROOT, name), join(copy, name), {
          recursive: true,
          filter: (source) => !source.includes('/schemas/generated'),
        });
      }
      symlinkSync(join(ROOT, 'node_modules'), join(copy, 'node_modules'));
      for (const block of blocks) apply(copy, block);
      const bin = (name: string) => join(ROOT, 'node_modules/.bin', name);
      execFileSync(bin('tsx'), ['scripts/buildValidators.ts'], { cwd: copy, stdio: 'pipe' });
      const files = [...new Set(blocks.map((block) => block.path))];
      writeFileSync(
        join(copy, 'tsconfig.guide.json'),
        JSON.stringify({
          extends: './tsconfig.json',
          // The project's own declarations of untyped packages (local/store/dynalite.d.ts, …), and the guide's files.
          include: COPIED.filter((name) => !name.includes('.')).map((dir) => `${dir}/**/*.d.ts`),
          files,
        }),
      );
      let output = '';
      try {
        execFileSync(bin('tsc'), ['-p', 'tsconfig.guide.json'], { cwd: copy, stdio: 'pipe', encoding: 'utf8' });
      } catch (error) {
        output = String((error as { stdout?: string }).stdout ?? error);
      }
      expect(output).toBe('');
    } finally {
      rmSync(copy, { recursive: true, force: true });
    }
  }, 600_000);
});
