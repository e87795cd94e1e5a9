// validateData for LanguageMarkdown (structured text).
import { test } from "node:test";
import assert from "node:assert/strict";
import { validateData, MARKDOWN_LIMITS, type DataProblem } from "../../provider/data/index.js";
import { tempDir, writeTree } from "./helpers.js";

function has(problems: DataProblem[], file: string, reason: RegExp, line?: number): void {
  assert.ok(problems.some((p) => p.file === file && reason.test(p.reason) && p.line === line),
    `expected ${file}${line ? ` line ${line}` : ""} ${reason}; got ${JSON.stringify(problems, null, 1)}`);
}

const valid = [
  "\ufeff// This is a comment",
  "@ list food =",
  "- pizza",
  "- burger",
  "",
  "@ list drink =",
  "- soda",
  "",
  "@ speech:phoneticlexicon",
  "- cat/k ae t",
  "- cat/k aa t",
  "",
  "#ExampleSentences",
  "- I would like to order a {@food} and {@drink}",
  "- no references here",
  "# Second_Section",
  "- a {@food} please",
  "",
].join("\n");

test("a valid structured-text file passes", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "data/train.md": valid });
  assert.deepEqual(await validateData("LanguageMarkdown", "en-US", { type: "file", path: "data/train.md" }, { cwd, includeWarnings: true }), []);
});

test("structure errors name the line", async (t) => {
  const cwd = tempDir(t);
  const text = [
    "- item before any block",           // 1
    "@ list bad-name =",                 // 2
    "- x",                               // 3
    "@ list food =",                     // 4  (no items)
    "@ entity thing",                    // 5
    "#Bad Name",                         // 6
    "- order {@nothing}",                // 7
    "plain text line",                   // 8
    "@ speech:phoneticlexicon",          // 9
    "- word without slash",              // 10
    "- caf\u00e9/k a f \u00e9",          // 11
    "- w/a",                             // 12
    "- w/b",                             // 13
    "- w/c",                             // 14
    "# S",                               // 15
    "-   ",                              // 16
  ].join("\n");
  const p = await validateData("LanguageMarkdown", "en-US", { type: "text", text }, { cwd });
  has(p, "inline text", /outside any list, lexicon or section/, 1);
  has(p, "inline text", /list name "bad-name" may contain only letters, digits and underscores/, 2);
  has(p, "inline text", /list food has no items/, 4);
  has(p, "inline text", /unknown @ definition/, 5);
  has(p, "inline text", /section name "Bad Name"/, 6);
  has(p, "inline text", /references \{@nothing\}, but no `@ list nothing =` is defined/, 7);
  has(p, "inline text", /unexpected line/, 8);
  has(p, "inline text", /lexicon entries are `- word\/ph o nes`/, 10);
  has(p, "inline text", /phones must be ASCII .* "é" \(U\+00E9\)/, 11);
  has(p, "inline text", /"w" has more than 2 pronunciations/, 14);
  has(p, "inline text", /empty sentence in section S/, 16);
  assert.equal(p.length, 11, JSON.stringify(p, null, 1));
});

test("list limits: over 20 lists is an error, over 10 warns (conflicting docs)", async (t) => {
  const cwd = tempDir(t);
  const lists = (n: number): string => Array.from({ length: n }, (_, i) => `@ list l${i} =\n- item`).join("\n");
  assert.deepEqual(await validateData("LanguageMarkdown", "en-US", { type: "text", text: lists(MARKDOWN_LIMITS.maxLists) }, { cwd }), []);
  has(await validateData("LanguageMarkdown", "en-US", { type: "text", text: "\ufeff" + lists(11) }, { cwd, includeWarnings: true }), "inline text", /more than 10 lists/, 21);
  has(await validateData("LanguageMarkdown", "en-US", { type: "text", text: lists(21) }, { cwd }), "inline text", /more than 20 lists/, 41);
});

test("items per list: over 35,000 is an error", async (t) => {
  const cwd = tempDir(t);
  const text = "@ list big =\n" + "- x\n".repeat(MARKDOWN_LIMITS.maxItemsPerList + 1);
  has(await validateData("LanguageMarkdown", "en-US", { type: "text", text }, { cwd }), "inline text", /list big has more than 35000 items/, MARKDOWN_LIMITS.maxItemsPerList + 2);
});

test("a non-.md file name only warns", async (t) => {
  const cwd = tempDir(t);
  writeTree(cwd, { "train.txt": valid });
  assert.deepEqual(await validateData("LanguageMarkdown", "en-US", { type: "file", path: "train.txt" }, { cwd }), []);
  has(await validateData("LanguageMarkdown", "en-US", { type: "file", path: "train.txt" }, { cwd, includeWarnings: true }), "train.txt", /documented with the \.md extension/);
});
