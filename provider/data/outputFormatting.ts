/**
 * OutputFormatting (display text formatting) checks. AAD how-to-custom-speech-display-text-format.md:
 * sections `#itn` (pattern rules, ≤ 200 lines), `#rewrite` (`original<TAB>new`, ≤ 1,000),
 * `#profanity` (one phrase per line, ≤ 1,000, no sentence punctuation), `#test`
 * (`lexical<TAB>expected display`); `//` starts a comment. Headings are accepted as `#name` or
 * `# name` in any case (the Microsoft sample writes `# itn`).
 *
 * @packageDocumentation
 */
import { OUTPUT_FORMATTING_LIMITS, PROFANITY_FORBIDDEN_CHARS } from "./limits.js";
import type { TextLine } from "./lines.js";
import type { ProblemSink } from "./problems.js";

type Section = "itn" | "rewrite" | "profanity" | "test";
const SECTIONS: readonly Section[] = ["itn", "rewrite", "profanity", "test"];

/**
 * Check one ITN pattern. Returns the reason it is invalid, or undefined when valid.
 * Syntax: literals; ranges `[5-7]`; classes `\d \l \u \a`; escapes `\\ \( \) \{ \} \| \+ \? \*`;
 * groups `( | )` optionally followed by `?`, `+` or `*` (only after a group); `{spoken>written}`
 * replacement or `{ignored}`.
 */
export function checkItnPattern(p: string): string | undefined {
  let depth = 0;
  let prevGroup = false; // previous token was a closing ')'
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    const wasGroup = prevGroup;
    prevGroup = false;
    switch (c) {
      case "\\": {
        const n = p[i + 1];
        if (n === undefined) return "pattern ends with a lone backslash";
        if (!"dlua\\(){}|+?*".includes(n)) return `unknown escape \\${n}; use \\d \\l \\u \\a or escape one of \\ ( ) { } | + ? *`;
        i++;
        break;
      }
      case "[": {
        const close = p.indexOf("]", i + 1);
        if (close < 0) return "unclosed [ range";
        const body = p.slice(i + 1, close);
        const m = /^(.)-(.)$/u.exec(body);
        if (!m) return `range [${body}] must be one character, a dash and one character, like [5-7]`;
        if (m[1]!.codePointAt(0)! > m[2]!.codePointAt(0)!) return `range [${body}] is reversed`;
        i = close;
        break;
      }
      case "]": return "] without a matching [";
      case "(": depth++; break;
      case ")":
        if (depth === 0) return ") without a matching (";
        depth--;
        prevGroup = true;
        break;
      case "|":
        if (depth === 0) return "| is allowed only inside a ( ) group; escape it as \\|";
        break;
      case "?": case "+": case "*":
        if (!wasGroup) return `${c} can follow a ( ) group only, not a single character; escape it as \\${c}`;
        break;
      case "{": {
        const close = p.indexOf("}", i + 1);
        if (close < 0) return "unclosed { replacement";
        const body = p.slice(i + 1, close);
        if (body.includes("{")) return "replacements cannot be nested";
        const gt = body.indexOf(">");
        if (gt >= 0) {
          if (body.slice(0, gt).trim() === "" || body.slice(gt + 1).trim() === "") return `replacement {${body}} needs {spoken>written}`;
        } else if (body.trim() === "") return "empty {} replacement";
        i = close;
        break;
      }
      case "}": return "} without a matching {";
      default: break;
    }
  }
  if (depth > 0) return "unclosed ( group";
  return undefined;
}

/** Line-by-line checker; feed every line, then call `end()`. */
export class OutputFormattingChecker {
  private section: Section | undefined;
  private counts: Record<Section, number> = { itn: 0, rewrite: 0, profanity: 0, test: 0 };
  private sawSection = false;

  constructor(private readonly file: string, private readonly sink: ProblemSink) {}

  line(l: TextLine): void {
    const raw = l.text;
    const s = raw.trim();
    if (s === "" || s.startsWith("//")) return;
    if (s.startsWith("#")) {
      const name = s.slice(1).trim().toLowerCase();
      if ((SECTIONS as readonly string[]).includes(name)) { this.section = name as Section; this.sawSection = true; return; }
      this.sink.error(this.file, `unknown section ${JSON.stringify(s)}; expected #itn, #rewrite, #profanity or #test`, l.line);
      this.section = undefined;
      this.sawSection = true;
      return;
    }
    if (!this.section) {
      if (!this.sawSection) this.sink.error(this.file, "line before any section; start with #itn, #rewrite, #profanity or #test", l.line);
      return;
    }
    const sec = this.section;
    this.counts[sec]++;
    const limit = OUTPUT_FORMATTING_LIMITS[sec];
    if (this.counts[sec] === limit + 1) this.sink.error(this.file, `#${sec} has more than ${limit} lines`, l.line);
    switch (sec) {
      case "itn": {
        const why = checkItnPattern(s);
        if (why) this.sink.error(this.file, `#itn pattern: ${why}`, l.line);
        break;
      }
      case "rewrite":
      case "test": {
        const parts = raw.replace(/\r$/, "").split("\t");
        const what = sec === "rewrite" ? "the original phrase and the new phrase" : "the lexical input and the expected display output";
        if (parts.length !== 2) this.sink.error(this.file, `#${sec} lines need exactly one TAB between ${what}`, l.line);
        else if (parts[0]!.trim() === "" || parts[1]!.trim() === "") this.sink.error(this.file, `#${sec} lines need text on both sides of the TAB`, l.line);
        break;
      }
      case "profanity": {
        const bad = [...s].find((ch) => PROFANITY_FORBIDDEN_CHARS.includes(ch));
        if (bad) this.sink.error(this.file, `#profanity phrases may not contain "${bad}"`, l.line);
        break;
      }
    }
  }

  end(): void {
    if (!this.sawSection) this.sink.error(this.file, "no sections; display formatting files need #itn, #rewrite, #profanity or #test sections");
  }
}
