/** Applies the noise rules (normalize.ts) to one change, and their rewrites to values that enter keys. */
import type { SideContext } from './context.js';
import { NOISE_RULES, type NoiseRule, type RuleEffect, type RuleInput } from './normalize.js';
import { globToRegExp } from './pointer.js';
import type { DiffMode } from './types.js';

const compiled = new Map<string, RegExp>();
function pathMatches(globs: readonly string[], path: string): boolean {
  return globs.some((glob) => {
    let re = compiled.get(glob);
    if (!re) compiled.set(glob, (re = globToRegExp(glob)));
    return re.test(path);
  });
}

/** The rule that classifies `input`, with its effect in the mode; undefined for a plain config change. */
export function classify(input: RuleInput): { rule: NoiseRule; effect: RuleEffect } | undefined {
  let old = input.change.old;
  let now = input.change.new;
  for (const rule of NOISE_RULES) {
    const effect = rule.effect[input.mode];
    if (!effect) continue;
    if (rule.kinds && !rule.kinds.includes(input.kind)) continue;
    if (rule.paths && !pathMatches(rule.paths, input.path)) continue;
    if (rule.rewrite) {
      if (typeof old !== 'string' || typeof now !== 'string') continue;
      old = rule.rewrite(old, input.ctxA);
      now = rule.rewrite(now, input.ctxB);
      if (old === now) return { rule, effect };
      continue;
    }
    if (rule.when && !rule.when(input)) continue;
    return { rule, effect };
  }
  return undefined;
}

/** `text` with every rewrite of the mode applied: the form in which host values enter keys. */
export function normalizeText(text: string, ctx: SideContext, mode: DiffMode): string {
  return NOISE_RULES.reduce((value, rule) => (rule.rewrite && rule.effect[mode] ? rule.rewrite(value, ctx) : value), text);
}

/**
 * normalizeText for one side, each value rewritten once. The first rewrite is applied to every
 * value and the others are remembered by its result: a daemon's thousand `socket:[N]` fds differ
 * only by what the first rewrite (inode numbers) hides, and share one run of the rest.
 */
export function textNormalizer(ctx: SideContext, mode: DiffMode): (text: string) => string {
  const [first, ...rest] = NOISE_RULES.flatMap((rule) => (rule.rewrite && rule.effect[mode] ? [rule.rewrite] : []));
  const seen = new Map<string, string>();
  return (text) => {
    const once = first ? first(text, ctx) : text;
    let found = seen.get(once);
    if (found === undefined) seen.set(once, (found = rest.reduce((value, rewrite) => rewrite(value, ctx), once)));
    return found;
  };
}

/** The rules that could apply to a leaf at `path` of an entity of `kind` in `mode`: their scope (kinds, paths) holds, their effect is not null. */
export interface RuleScope {
  /** Rules without a rewrite: the leaf is not compared when one's `when` (if any) holds. */
  readonly checks: readonly NoiseRule[];
  /** Rewrites applied in table order to the leaf's text before values are compared. */
  readonly rewrites: readonly NoiseRule[];
}

/** The scope of every rule for one (kind, path): it depends on neither value, so callers that see one path many times keep it. */
export function ruleScope(kind: RuleInput['kind'], path: string, mode: DiffMode): RuleScope {
  const inScope = NOISE_RULES.filter((rule) => rule.effect[mode] && (!rule.kinds || rule.kinds.includes(kind)) && (!rule.paths || pathMatches(rule.paths, path)));
  return { checks: inScope.filter((r) => !r.rewrite), rewrites: inScope.filter((r) => r.rewrite) };
}

/**
 * One side's value alone (a host among many, compared with their majority): the rule that takes
 * it out of the comparison, if one does. `input` holds the one entity as both a and b, and the
 * value as both old and new, so a rule's `when` reads what that host shows.
 */
export function classifyAlone(input: RuleInput, scope: RuleScope): NoiseRule | undefined {
  return scope.checks.find((rule) => !rule.when || rule.when(input));
}

/** `text` with the rewrites of `scope` applied: the form in which one host's value is compared with the others'. */
export function rewriteAlone(text: string, scope: RuleScope, ctx: SideContext): string {
  return scope.rewrites.reduce((value, rule) => (rule.rewrite as NonNullable<NoiseRule['rewrite']>)(value, ctx), text);
}
