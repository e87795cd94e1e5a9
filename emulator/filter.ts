/**
 * The `filter` query of list operations: `prop op value` comparisons joined with and/or/not and
 * parentheses. Operators eq, ne, gt, ge, lt, le; values are 'quoted strings' ('' escapes a quote),
 * ISO date-times, numbers, true/false or null.
 */
import { ApiError } from "./errors.js";

/** A compiled filter: true when the record matches. */
export type Predicate = (get: (prop: string) => unknown) => boolean;

const unsupported = (message: string) => new ApiError(400, "InvalidArgument", message, "UnsupportedFilter");

type Tok = { t: "word" | "str" | "(" | ")"; v: string };

function tokenize(src: string): Tok[] {
  const toks: Tok[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) { i++; continue; }
    if (c === "(" || c === ")") { toks.push({ t: c, v: c }); i++; continue; }
    if (c === "'") {
      let v = "";
      i++;
      for (;;) {
        if (i >= src.length) throw unsupported("Unterminated string literal in filter.");
        if (src[i] === "'") {
          if (src[i + 1] === "'") { v += "'"; i += 2; continue; }
          i++;
          break;
        }
        v += src[i++];
      }
      toks.push({ t: "str", v });
      continue;
    }
    let v = "";
    while (i < src.length && !/[\s()']/.test(src[i])) v += src[i++];
    toks.push({ t: "word", v });
  }
  return toks;
}

const OPS = new Set(["eq", "ne", "gt", "ge", "lt", "le"]);

/**
 * Compile `filter`. `allowed` maps each filterable property to the operators it supports
 * (eq/ne are always allowed). Throws 400 InvalidArgument/UnsupportedFilter.
 */
export function compileFilter(filter: string, allowed: Record<string, { ordered?: boolean }>): Predicate {
  const toks = tokenize(filter);
  let pos = 0;
  const peek = () => toks[pos];
  const isWord = (w: string) => peek()?.t === "word" && peek().v.toLowerCase() === w;

  const primary = (): Predicate => {
    if (isWord("not")) { pos++; const inner = primary(); return (g) => !inner(g); }
    if (peek()?.t === "(") {
      pos++;
      const inner = or();
      if (peek()?.t !== ")") throw unsupported("Missing ')' in filter.");
      pos++;
      return inner;
    }
    const prop = toks[pos++];
    const op = toks[pos++];
    const val = toks[pos++];
    if (!prop || prop.t !== "word" || !op || op.t !== "word" || !val || (val.t !== "word" && val.t !== "str"))
      throw unsupported(`Invalid filter expression '${filter}'.`);
    const name = Object.keys(allowed).find((k) => k.toLowerCase() === prop.v.toLowerCase());
    if (!name) throw unsupported(`Filtering on '${prop.v}' is not supported. Supported properties: ${Object.keys(allowed).join(", ")}.`);
    const o = op.v.toLowerCase();
    if (!OPS.has(o)) throw unsupported(`Operator '${op.v}' is not supported.`);
    if (o !== "eq" && o !== "ne" && !allowed[name].ordered) throw unsupported(`Operator '${o}' is not supported for '${name}'.`);
    const literal: unknown = val.t === "str" ? val.v : val.v === "null" ? undefined : val.v === "true" ? true : val.v === "false" ? false : val.v;
    return (get) => compare(get(name), o, literal, !!allowed[name].ordered);
  };
  const and = (): Predicate => {
    let left = primary();
    while (isWord("and")) { pos++; const l = left, r = primary(); left = (g) => l(g) && r(g); }
    return left;
  };
  const or = (): Predicate => {
    let left = and();
    while (isWord("or")) { pos++; const l = left, r = and(); left = (g) => l(g) || r(g); }
    return left;
  };
  const pred = or();
  if (pos !== toks.length) throw unsupported(`Unexpected '${toks[pos].v}' in filter.`);
  return pred;
}

function compare(actual: unknown, op: string, literal: unknown, ordered: boolean): boolean {
  if (ordered) {
    const a = Date.parse(String(actual));
    const b = Date.parse(String(literal));
    if (Number.isNaN(b)) throw unsupported(`'${String(literal)}' is not a date-time.`);
    switch (op) {
      case "eq": return a === b;
      case "ne": return a !== b;
      case "gt": return a > b;
      case "ge": return a >= b;
      case "lt": return a < b;
      default: return a <= b;
    }
  }
  const eq = (actual ?? undefined) === literal || (typeof literal === "string" && String(actual ?? "") === literal && actual !== undefined);
  return op === "eq" ? eq : !eq;
}
