import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/**
 * src/ is the platform-neutral core: it runs in plain Node under the unit tests and knows nothing
 * of Chrome. This check reads every file of src/ with TypeScript's parser (so a word in a comment or
 * a string never counts) and fails on a use of the `chrome` or `browser` globals, on the polyfill,
 * and on an import that reaches into the adapters (background/, content/, sidepanel/).
 */

const SRC = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(SRC, '..');
const ADAPTERS = ['background', 'content', 'sidepanel'].map((folder) => join(ROOT, folder));
const PLATFORM_GLOBALS = new Set(['chrome', 'browser']);
const PLATFORM_MODULES = new Set(['webextension-polyfill']);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    const path = join(folder, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(entry.name) ? [path] : [];
  });
}

interface Violation {
  file: string;
  line: number;
  what: string;
}

/** Module specifiers of static imports, re-exports, `import()` calls and `import('x').T` types. */
function moduleSpecifiers(node: ts.Node): string[] {
  if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
    return [node.moduleSpecifier.text];
  }
  if (ts.isCallExpression(node) && node.expression.kind === ts.SyntaxKind.ImportKeyword && node.arguments[0] && ts.isStringLiteral(node.arguments[0])) {
    return [node.arguments[0].text];
  }
  if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
    return [node.argument.literal.text];
  }
  return [];
}

/** A platform global used as a value: `chrome.tabs`, `browser.storage`, `typeof chrome`; not a property or a local of that name. */
function platformGlobal(node: ts.Node): string | undefined {
  if (!ts.isIdentifier(node) || !PLATFORM_GLOBALS.has(node.text)) return undefined;
  const parent = node.parent;
  if (ts.isPropertyAccessExpression(parent) && parent.name === node) return undefined;
  if ((ts.isPropertyAssignment(parent) || ts.isPropertyDeclaration(parent) || ts.isPropertySignature(parent) || ts.isMethodDeclaration(parent)) && parent.name === node) return undefined;
  if ((ts.isVariableDeclaration(parent) || ts.isParameter(parent) || ts.isBindingElement(parent)) && parent.name === node) return undefined;
  if (ts.isBindingElement(parent) && parent.propertyName === node) return undefined;
  // The import that brings a `browser` in is reported as an import.
  if (ts.isImportClause(parent) || ts.isImportSpecifier(parent) || ts.isNamespaceImport(parent)) return undefined;
  if (ts.isQualifiedName(parent) && parent.right === node) return undefined;
  return node.text;
}

export function boundaryViolations(file: string, text: string): Violation[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, file.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const violations: Violation[] = [];
  const report = (node: ts.Node, what: string) => violations.push({ file: relative(ROOT, file), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1, what });
  const visit = (node: ts.Node) => {
    for (const specifier of moduleSpecifiers(node)) {
      if (PLATFORM_MODULES.has(specifier)) report(node, `imports ${specifier}`);
      if (specifier.startsWith('.')) {
        const target = resolve(dirname(file), specifier);
        if (ADAPTERS.some((adapter) => target === adapter || target.startsWith(`${adapter}/`))) report(node, `imports ${relative(ROOT, target)}`);
      }
    }
    const global = platformGlobal(node);
    if (global) report(node, `uses ${global}.*`);
    ts.forEachChild(node, visit);
  };
  visit(source);
  return violations;
}

describe('src/ stays platform-neutral', () => {
  it('no file in src/ uses chrome.* or browser.*, or imports from background/, content/ or sidepanel/', () => {
    const violations = sourceFiles(SRC).flatMap((file) => boundaryViolations(file, readFileSync(file, 'utf8')));
    expect(violations.map((v) => `${v.file}:${v.line} ${v.what}`)).toEqual([]);
    // It parses every file in src/: seconds on a busy machine.
  }, 60_000);

  it('the check itself finds each kind of violation, and ignores comments, strings and properties', () => {
    const file = join(SRC, 'policy', 'example.ts');
    const found = boundaryViolations(
      file,
      [
        "import { x } from '../../background/task-runner';",
        "export { y } from '../../content/refs';",
        "type T = import('../../sidepanel/api').Reply;",
        "import browser from 'webextension-polyfill';",
        'const tabs = chrome.tabs.query({});',
        "const lazy = await import('../../background/debug');",
        'if (typeof chrome !== "undefined") {}',
        '// chrome.tabs in a comment',
        "const s = 'chrome.tabs in a string';",
        'const o = { chrome: 1 }; o.chrome; const { browser: b } = { browser: 2 };',
        "import { decide } from './decide';",
      ].join('\n'),
    );
    expect(found.map((v) => `${v.line} ${v.what}`)).toEqual([
      '1 imports background/task-runner',
      '2 imports content/refs',
      '3 imports sidepanel/api',
      '4 imports webextension-polyfill',
      '5 uses chrome.*',
      '6 imports background/debug',
      '7 uses chrome.*',
    ]);
  });
});
