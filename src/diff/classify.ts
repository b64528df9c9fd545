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
