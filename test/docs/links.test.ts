import { describe, expect, it } from '@jest/globals';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/**
 * The README and the topic docs link to each other and name the project's files: a moved
 * section, a renamed heading or a renamed file must not leave a reader at a dead end.
 */
const ROOT = resolve(import.meta.dirname, '../..');
const DOCS = [
  'README.md',
  ...readdirSync(join(ROOT, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => `docs/${name}`),
];

/** The text of a Markdown file without its fenced code blocks (their brackets are code, not links). */
function prose(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8').replace(/^```[\s\S]*?^```/gm, '');
}

/** GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces as '-', repeats numbered. */
function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  for (const [, heading] of prose(file).matchAll(/^#{1,6} (.+)$/gm)) {
    const slug = heading!
      .toLowerCase()
      .replace(/[^\p{L}\p{N} _-]/gu, '')
      .replace(/ /g, '-');
    let anchor = slug;
    for (let n = 1; anchors.has(anchor); n++) anchor = `${slug}-${n}`;
    anchors.add(anchor);
  }
  return anchors;
}

/** Every relative link of a file: `[text](target)`, web addresses left out. */
function relativeLinks(file: string): string[] {
  return [...prose(file).matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]!).filter((target) => !/^[a-z]+:/.test(target));
}

/** Every project path a file names in backticks (`lambda/…`, `test/…`, …), placeholders and globs left out. */
function namedPaths(file: string): string[] {
  const paths = [...prose(file).matchAll(/`((?:lambda|infra|local|scripts|bench|test|docs|\.ci)\/[\w./-]*)`/g)].map((match) => match[1]!);
  return paths.filter((path) => !path.includes('*'));
}

describe('the docs', () => {
  it('are each reachable from the README', () => {
    const linked = new Set(relativeLinks('README.md').map((target) => target.split('#')[0]));
    expect(DOCS.filter((file) => file !== 'README.md' && !linked.has(file))).toEqual([]);
  });

  it.each(DOCS)('%s: every relative link leads to a file, and every anchor to a heading of it', (file) => {
    const dead = relativeLinks(file).filter((target) => {
      const [path, anchor] = target.split('#');
      const targetFile = path ? relative(ROOT, resolve(ROOT, dirname(file), path)) : file;
      if (!existsSync(join(ROOT, targetFile))) return true;
      return anchor !== undefined && (!targetFile.endsWith('.md') || !anchorsOf(targetFile).has(anchor));
    });
    expect(dead).toEqual([]);
  });

  it.each(DOCS)('%s: every file or folder of the project it names exists', (file) => {
    expect(namedPaths(file).filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
  });
});

describe('the README', () => {
  it("names the project's Node version as package.json pins it", () => {
    const pinned = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).devDependencies.node;
    const named = [...readFileSync(join(ROOT, 'README.md'), 'utf8').matchAll(/node@([\d.]+)/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(new Set(named)).toEqual(new Set([pinned]));
  });

  it('is a front door: at most 150 lines', () => {
    expect(readFileSync(join(ROOT, 'README.md'), 'utf8').split('\n').length).toBeLessThanOrEqual(150);
  });
});

describe('anchorsOf', () => {
  it("follows GitHub's rules: code marks and colons dropped, hyphens kept", () => {
    const anchors = anchorsOf('docs/deploying.md');
    expect(anchors).toContain('try-one-function-sam-local-invoke');
    expect(anchors).toContain('point-a-registry-at-the-deployed-token-service');
  });
});
