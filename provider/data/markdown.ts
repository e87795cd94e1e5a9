/**
 * LanguageMarkdown ("structured text") checks. Syntax from AAD how-to-custom-speech-test-and-train.md
 * ("Structured-text data for training") and customize-pronunciation.md:
 * `// comment`, `@ list <name> =` + `- item` lines, `@ speech:phoneticlexicon` + `- word/ph o nes`
 * lines (ASCII phones), `#<Name>` (letters, digits, underscores) + `- sentence` lines that may
 * reference lists as `{@name}`.
 *
 * @packageDocumentation
 */
import { MARKDOWN_LIMITS } from "./limits.js";
import type { TextLine } from "./lines.js";
import type { ProblemSink } from "./problems.js";
import { codePoint, firstNonAscii } from "./text.js";

type Block = { t: "none" } | { t: "list"; name: string; items: number; line: number } | { t: "lexicon" } | { t: "section"; name: string };

const NAME_RE = /^[A-Za-z0-9_]+$/;
const EXPECTED = "structured text lines are `// comment`, `@ list <name> =`, `@ speech:phoneticlexicon`, `#<Section>` or `- item`";

/** Line-by-line checker; feed every line, then call `end()`. */
export class MarkdownChecker {
  private block: Block = { t: "none" };
  private lists = new Map<string, number>(); // name -> definition line
  private references = new Map<string, number>(); // list name -> first referencing line
  private lexiconEntries = 0;
  private pronunciations = new Map<string, number>();
  private sentences = 0;

  constructor(private readonly file: string, private readonly sink: ProblemSink) {}

  line(l: TextLine): void {
    const s = l.text.trim();
    if (s === "" || s.startsWith("//")) return;
    if (s.startsWith("@")) return this.definition(s, l.line);
    if (s.startsWith("#")) {
      const name = s.slice(1).trim();
      if (!NAME_RE.test(name)) this.sink.error(this.file, `section name ${JSON.stringify(name)} may contain only letters, digits and underscores`, l.line);
      this.endList();
      this.block = { t: "section", name };
      return;
    }
    if (s.startsWith("-")) return this.item(s.slice(1).trim(), l.line);
    this.sink.error(this.file, `unexpected line; ${EXPECTED}`, l.line);
  }

  private definition(s: string, line: number): void {
    this.endList();
    const list = /^@\s*list\s+(\S+?)\s*=\s*$/i.exec(s);
    if (list) {
      const name = list[1]!;
      if (!NAME_RE.test(name)) this.sink.error(this.file, `list name ${JSON.stringify(name)} may contain only letters, digits and underscores`, line);
      if (this.lists.has(name)) this.sink.error(this.file, `list ${name} is defined twice (first on line ${this.lists.get(name)})`, line);
      this.lists.set(name, line);
      if (this.lists.size === MARKDOWN_LIMITS.maxLists + 1) this.sink.error(this.file, `more than ${MARKDOWN_LIMITS.maxLists} lists`, line);
      else if (this.lists.size === MARKDOWN_LIMITS.warnLists + 1) this.sink.warn(this.file, `more than ${MARKDOWN_LIMITS.warnLists} lists (the docs' data-types table says up to 10 classes)`, line);
      this.block = { t: "list", name, items: 0, line };
      return;
    }
    if (/^@\s*speech\s*:\s*phoneticlexicon\s*$/i.test(s)) { this.block = { t: "lexicon" }; return; }
    this.sink.error(this.file, "unknown @ definition; expected `@ list <name> =` or `@ speech:phoneticlexicon`", line);
    this.block = { t: "none" };
  }

  private item(text: string, line: number): void {
    const b = this.block;
    switch (b.t) {
      case "none":
        this.sink.error(this.file, "`- item` line outside any list, lexicon or section", line);
        return;
      case "list":
        if (text === "") this.sink.error(this.file, `empty item in list ${b.name}`, line);
        b.items++;
        if (b.items === MARKDOWN_LIMITS.maxItemsPerList + 1) this.sink.error(this.file, `list ${b.name} has more than ${MARKDOWN_LIMITS.maxItemsPerList} items`, line);
        else if (b.items === MARKDOWN_LIMITS.warnItemsPerList + 1) this.sink.warn(this.file, `list ${b.name} has more than ${MARKDOWN_LIMITS.warnItemsPerList} items (the docs' data-types table says up to 4,000)`, line);
        return;
      case "lexicon": {
        const slash = text.indexOf("/");
        const word = slash < 0 ? "" : text.slice(0, slash).trim();
        const phones = slash < 0 ? "" : text.slice(slash + 1).trim();
        if (slash < 0 || word === "" || phones === "") {
          this.sink.error(this.file, "lexicon entries are `- word/ph o nes` (a word, a slash, then phones separated by spaces)", line);
          return;
        }
        const bad = firstNonAscii(phones);
        if (bad) this.sink.error(this.file, `phones must be ASCII Universal Phone Set symbols; found "${bad}" (${codePoint(bad)})`, line);
        this.lexiconEntries++;
        if (this.lexiconEntries === MARKDOWN_LIMITS.maxLexiconEntries + 1) this.sink.error(this.file, `more than ${MARKDOWN_LIMITS.maxLexiconEntries} lexicon entries`, line);
        if (this.lexiconEntries <= MARKDOWN_LIMITS.maxLexiconEntries) {
          const n = (this.pronunciations.get(word) ?? 0) + 1;
          this.pronunciations.set(word, n);
          if (n === MARKDOWN_LIMITS.maxPronunciationsPerWord + 1) this.sink.error(this.file, `${JSON.stringify(word)} has more than ${MARKDOWN_LIMITS.maxPronunciationsPerWord} pronunciations`, line);
        }
        return;
      }
      case "section": {
        if (text === "") { this.sink.error(this.file, `empty sentence in section ${b.name}`, line); return; }
        this.sentences++;
        if (this.sentences === MARKDOWN_LIMITS.warnSentences + 1) this.sink.warn(this.file, `more than ${MARKDOWN_LIMITS.warnSentences} sentences (the docs' data-types table says up to 50,000)`, line);
        for (const m of text.matchAll(/\{@([^}]*)\}/g)) {
          const name = m[1]!.trim();
          if (!this.references.has(name) && this.references.size < 10_000) this.references.set(name, line);
        }
        return;
      }
    }
  }

  private endList(): void {
    if (this.block.t === "list" && this.block.items === 0) this.sink.error(this.file, `list ${this.block.name} has no items`, this.block.line);
  }

  end(): void {
    this.endList();
    for (const [name, line] of this.references) {
      if (!this.lists.has(name)) this.sink.error(this.file, `sentence references {@${name}}, but no \`@ list ${name} =\` is defined`, line);
    }
  }
}
