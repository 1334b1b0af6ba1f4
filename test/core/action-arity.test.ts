/**
 * Every id the code builds reaches its handler with a count of arguments the handler takes:
 * a wrong declared count would turn a real button into "expired". The ids are read from the
 * source (every actionId and scopedActionId call, through the helpers that wrap them), so a
 * builder no test clicks is checked too; a few are also built for real below.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { parseActionId } from '../../src/core/action-ids.ts';
import { takesArgs } from '../../src/core/commands.ts';
import { pairAction } from '../../src/core/nudges/pair-actions-ids.ts';
import { reachesHandler } from '../fuzz/ids.ts';

const root = join(import.meta.dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return path === 'src/storage/generated' ? [] : sourceFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

/** An id as the source builds it: command, action, and how many arguments follow. */
interface Built {
  where: string;
  command: string;
  action: string;
  count: number;
}

/** Values an expression can take, when the source says (a literal, either branch of a `?:`). */
function literals(node: ts.Expression): string[] | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return [node.text];
  if (ts.isParenthesizedExpression(node)) return literals(node.expression);
  if (ts.isConditionalExpression(node)) {
    const [a, b] = [literals(node.whenTrue), literals(node.whenFalse)];
    return a && b ? [...a, ...b] : undefined;
  }
  return undefined;
}

function enclosingFunction(node: ts.Node): ts.SignatureDeclaration | undefined {
  for (let at = node.parent; at; at = at.parent) if (ts.isFunctionLike(at)) return at;
  return undefined;
}

const nameOf = (fn: ts.SignatureDeclaration): string | undefined =>
  fn.name && ts.isIdentifier(fn.name)
    ? fn.name.text
    : ts.isVariableDeclaration(fn.parent) && ts.isIdentifier(fn.parent.name)
      ? fn.parent.name.text
      : undefined;

/** The array literal a `const` names in this file (`as const` or not), or undefined. */
function constArray(file: ts.SourceFile, name: string): ts.ArrayLiteralExpression | undefined {
  let found: ts.ArrayLiteralExpression | undefined;
  const visit = (node: ts.Node) => {
    if (ts.isVariableDeclaration(node) && ts.isIdentifier(node.name) && node.name.text === name && node.initializer) {
      let init: ts.Expression = node.initializer;
      while (ts.isAsExpression(init) || ts.isSatisfiesExpression(init)) init = init.expression;
      if (ts.isArrayLiteralExpression(init)) found = init;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/**
 * One builder call, `actionId(command, action, ...args)` or `scopedActionId(community, …)`,
 * resolved to the ids it makes. A command or action, or a spread, that is a parameter of the
 * function around it (a helper such as the queue's `queueAction`) is read at each call of
 * that helper in the same file.
 */
function resolve(file: ts.SourceFile, call: ts.CallExpression, skip: number, where: string): Built[] | string {
  const [commandArg, actionArg, ...rest] = call.arguments.slice(skip);
  if (!commandArg || !actionArg) return 'no command or action';
  const fn = enclosingFunction(call);
  const params = fn?.parameters.map((p) => (ts.isIdentifier(p.name) ? p.name.text : '')) ?? [];
  const paramIndex = (node: ts.Expression) => (ts.isIdentifier(node) ? params.indexOf(node.text) : -1);
  // The helper's own calls, when something comes from its parameters: in the block that
  // declares it (two panels of a file may each have their own `select`).
  const helperCalls = (): ts.CallExpression[] => {
    const name = fn && nameOf(fn);
    const calls: ts.CallExpression[] = [];
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression) && node.expression.text === name)
        calls.push(node);
      ts.forEachChild(node, visit);
    };
    let scope: ts.Node | undefined = fn?.parent;
    while (scope && !ts.isBlock(scope) && !ts.isSourceFile(scope)) scope = scope.parent;
    if (name && scope) visit(scope);
    return calls;
  };
  // A template such as `queue-${action}` whose hole is a parameter.
  const valuesAt = (node: ts.Expression, at: ts.CallExpression | undefined): string[] | undefined => {
    const known = literals(node);
    if (known) return known;
    if (at && paramIndex(node) >= 0) {
      const given = at.arguments[paramIndex(node)];
      return given ? literals(given) : undefined;
    }
    if (at && ts.isTemplateExpression(node) && node.templateSpans.length === 1) {
      const [span] = node.templateSpans;
      const hole = span && paramIndex(span.expression) >= 0 ? at.arguments[paramIndex(span.expression)] : undefined;
      const holes = hole && literals(hole);
      return holes?.map((h) => `${node.head.text}${h}${span?.literal.text ?? ''}`);
    }
    return undefined;
  };
  const countAt = (at: ts.CallExpression | undefined): number | string => {
    let count = 0;
    for (const arg of rest) {
      if (!ts.isSpreadElement(arg)) {
        count += 1;
        continue;
      }
      let spread = arg.expression;
      // `xs.map(…)` has as many as `xs`.
      if (ts.isCallExpression(spread) && ts.isPropertyAccessExpression(spread.expression))
        if (spread.expression.name.text === 'map') spread = spread.expression.expression;
      if (!ts.isIdentifier(spread)) return `a spread of ${spread.getText(file)}`;
      const restParam = fn?.parameters.find((p) => p.dotDotDotToken && ts.isIdentifier(p.name))?.name;
      if (at && restParam && ts.isIdentifier(restParam) && restParam.text === spread.text && fn) {
        count += at.arguments.length - (fn.parameters.length - 1);
        continue;
      }
      const array = constArray(file, spread.text);
      if (!array || array.elements.some(ts.isSpreadElement)) return `a spread of ${spread.text}`;
      count += array.elements.length;
    }
    return count;
  };
  const fromHelper =
    paramIndex(commandArg) >= 0 ||
    paramIndex(actionArg) >= 0 ||
    ts.isTemplateExpression(actionArg) ||
    rest.some((a) => ts.isSpreadElement(a) && ts.isIdentifier(a.expression) && paramIndex(a.expression) >= 0);
  const sites = fromHelper ? helperCalls() : [undefined];
  if (sites.length === 0) return 'a helper that is never called';
  const built: Built[] = [];
  for (const at of sites) {
    const [names, actions, count] = [valuesAt(commandArg, at), valuesAt(actionArg, at), countAt(at)];
    if (!names || !actions) return `a command or action the source does not spell (${call.getText(file)})`;
    if (typeof count === 'string') return count;
    const line = at ? file.getLineAndCharacterOfPosition(at.getStart(file)).line + 1 : undefined;
    for (const command of names)
      for (const action of actions)
        built.push({ where: line ? `${where} (called at line ${line})` : where, command, action, count });
  }
  return built;
}

function builtIds(): { built: Built[]; unread: string[] } {
  const built: Built[] = [];
  const unread: string[] = [];
  for (const path of [...sourceFiles('src'), ...sourceFiles('commands')]) {
    if (path === join('src', 'core', 'action-ids.ts')) continue;
    const file = ts.createSourceFile(path, readFileSync(join(root, path), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node) => {
      if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
        const skip = { actionId: 0, scopedActionId: 1 }[node.expression.text];
        if (skip !== undefined) {
          const where = `${relative(root, join(root, path))}:${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}`;
          const ids = resolve(file, node, skip, where);
          if (typeof ids === 'string') unread.push(`${where}: ${ids}`);
          else built.push(...ids);
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(file);
  }
  return { built, unread };
}

const byName = new Map(commands.map((c) => [c.name.en, c]));

/** Whether `command:action` with `count` arguments reaches a button's or a form's handler. */
function accepted(command: string, action: string, count: number): boolean {
  const found = byName.get(command);
  return [found?.actions, found?.forms].some(
    (handlers) => handlers && Object.hasOwn(handlers, action) && takesArgs(handlers[action]!, count),
  );
}

describe('the number of arguments of every action and form', () => {
  const { built, unread } = builtIds();

  it('reads every id the source builds', () => {
    expect(unread).toEqual([]);
    // A floor, not a count to keep up to date: the scan finds the ids (about 180 calls).
    expect(built.length).toBeGreaterThan(150);
  });

  it('accepts every id the source builds, with the count of arguments it carries', () => {
    const refused = built
      .filter((b) => !accepted(b.command, b.action, b.count))
      .map((b) => `${b.where}: ${b.command}:${b.action} with ${b.count}`);
    expect(refused).toEqual([]);
  });

  it('declares no count the source never builds', () => {
    // A handler taking 2 whose ids all carry 1 would refuse nothing wrong today, but it would
    // not be the count of its ids: each declared count (and each end of a range) is built somewhere.
    const unused: string[] = [];
    for (const command of commands)
      for (const handlers of [command.actions, command.forms])
        for (const [action, handler] of Object.entries(handlers ?? {})) {
          const counts = built.filter((b) => b.command === command.name.en && b.action === action).map((b) => b.count);
          const most = handler.args ?? 0;
          const ends = [...new Set([handler.minArgs ?? most, most])];
          // Handlers whose ids no source line builds (the tests below build them) are left to those.
          if (counts.length === 0) continue;
          for (const end of ends)
            if (!counts.includes(end)) unused.push(`${command.name.en}:${action} takes ${end}, built with ${counts}`);
        }
    expect(unused).toEqual([]);
  });

  it('has every handler built by some line of the source', () => {
    const never = commands.flatMap((command) =>
      [command.actions, command.forms].flatMap((handlers) =>
        Object.keys(handlers ?? {})
          .filter((action) => !built.some((b) => b.command === command.name.en && b.action === action))
          .map((action) => `${command.name.en}:${action}`),
      ),
    );
    expect(never).toEqual([]);
  });

  it('lets the fuzz cases expect a write only from an id with its handler’s count', () => {
    const scope = '0f8fad5b-d9cb-469f-a165-70867728950e';
    expect(reachesHandler('action', 'profile:pause')).toBe(true);
    expect(reachesHandler('action', 'profile:pause:1-Ggz./|O:1013012998:-1947296327')).toBe(false);
    expect(reachesHandler('action', `${scope}/checkin:answer:x:met`)).toBe(true);
    expect(reachesHandler('action', `${scope}/checkin:answer:x`)).toBe(false);
    expect(reachesHandler('action', 'admin:nudge-delays-open')).toBe(true);
    expect(reachesHandler('action', 'admin:nudge-delays-open:1:2')).toBe(true);
    expect(reachesHandler('form', 'join:details:join')).toBe(true);
    expect(reachesHandler('action', 'join:details:join')).toBe(false);
    expect(reachesHandler('action', 'profile:constructor')).toBe(false);
  });

  it('accepts the pair nudges’ ids as their builders make them', () => {
    const community = '0f8fad5b-d9cb-469f-a165-70867728950e';
    const pair = 'c56a4180-65aa-42ec-a945-5fd21dec0538';
    const ids = [
      ...Object.entries(pairAction)
        .filter(([name]) => name !== 'extend')
        .map(([, build]) => (build as (c: string, p: string) => string)(community, pair)),
      pairAction.extend(community, pair, 2),
    ];
    for (const id of ids) {
      const parsed = parseActionId(id);
      expect(parsed?.scope).toBe(community);
      expect(accepted(parsed!.command, parsed!.action, parsed!.args.length), id).toBe(true);
    }
  });
});
