// validateData for OutputFormatting (display text formatting) and the ITN pattern checker.
import { test } from "node:test";
import assert from "node:assert/strict";
import { checkItnPattern, validateData, type DataProblem } from "../../provider/data/index.js";
import { tempDir } from "./helpers.js";

function has(problems: DataProblem[], file: string, reason: RegExp, line?: number): void {
  assert.ok(problems.some((p) => p.file === file && reason.test(p.reason) && p.line === line),
    `expected ${file}${line ? ` line ${line}` : ""} ${reason}; got ${JSON.stringify(problems, null, 1)}`);
}

const valid = [
  "\ufeff// display formatting",
  "#itn",
  "([1-9])\\d\\d-\\d\\d\\d\\d",
  "(\\d)+ percent",
  "{five>5} (dollars|bucks)?",
  "um {um}",
  "# Rewrite",
  "Contoso\tcontoso",
  "#PROFANITY",
  "darn",
  "# test",
  "five dollars\t$5",
  "",
].join("\n");

test("a valid display-format file passes; headings accept any case and a space", async (t) => {
  const cwd = tempDir(t);
  assert.deepEqual(await validateData("OutputFormatting", "en-US", { type: "text", text: valid }, { cwd, includeWarnings: true }), []);
});

test("ITN pattern syntax", () => {
  for (const ok of ["abc", "[5-7]x", "\\d\\l\\u\\a", "\\(\\)\\{\\}\\|\\+\\?\\*\\\\", "(a|b)", "(a|b)?", "((a)+|b)*", "{spoken>written}", "{ignored}"]) {
    assert.equal(checkItnPattern(ok), undefined, ok);
  }
  const bad: [string, RegExp][] = [
    ["a+", /can follow a \( \) group only/], ["\\d*", /can follow a \( \) group only/], ["(a", /unclosed \(/], ["a)", /\) without a matching \(/],
    ["a|b", /only inside a \( \) group/], ["[5-", /unclosed \[/], ["[57]", /must be one character, a dash/], ["[9-1]", /reversed/],
    ["\\x", /unknown escape/], ["a\\", /lone backslash/], ["{a", /unclosed \{/], ["{>w}", /needs \{spoken>written\}/], ["{}", /empty \{\}/], ["a}", /\} without/], ["a]", /\] without/],
  ];
  for (const [p, re] of bad) assert.match(checkItnPattern(p) ?? "(valid)", re, p);
});

test("section rules and line formats are reported with their lines", async (t) => {
  const cwd = tempDir(t);
  const text = [
    "orphan line",             // 1
    "#itn",                    // 2
    "\\d+",                    // 3
    "#rewrite",                // 4
    "no tab here",             // 5
    "a\t",                     // 6
    "#profanity",              // 7
    "darn it!",                // 8
    "#test",                   // 9
    "x\ty\tz",                 // 10
    "#format",                 // 11
  ].join("\n");
  const p = await validateData("OutputFormatting", "en-US", { type: "text", text }, { cwd });
  has(p, "inline text", /line before any section/, 1);
  has(p, "inline text", /#itn pattern: \+ can follow a \( \) group only/, 3);
  has(p, "inline text", /#rewrite lines need exactly one TAB/, 5);
  has(p, "inline text", /#rewrite lines need text on both sides/, 6);
  has(p, "inline text", /#profanity phrases may not contain "!"/, 8);
  has(p, "inline text", /#test lines need exactly one TAB/, 10);
  has(p, "inline text", /unknown section "#format"/, 11);
  assert.equal(p.length, 7);
});

test("section line limits: #itn 200, #rewrite and #profanity 1,000", async (t) => {
  const cwd = tempDir(t);
  assert.deepEqual(await validateData("OutputFormatting", "en-US", { type: "text", text: "#itn\n" + "abc\n".repeat(200) }, { cwd }), []);
  has(await validateData("OutputFormatting", "en-US", { type: "text", text: "#itn\n" + "abc\n".repeat(201) }, { cwd }), "inline text", /#itn has more than 200 lines/, 202);
  has(await validateData("OutputFormatting", "en-US", { type: "text", text: "#rewrite\n" + "a\tb\n".repeat(1001) }, { cwd }), "inline text", /#rewrite has more than 1000 lines/, 1002);
  has(await validateData("OutputFormatting", "en-US", { type: "text", text: "#profanity\n" + "darn\n".repeat(1001) }, { cwd }), "inline text", /#profanity has more than 1000 lines/, 1002);
  assert.deepEqual(await validateData("OutputFormatting", "en-US", { type: "text", text: "#test\n" + "a\tb\n".repeat(5000) }, { cwd }), []);
});

test("a file with only comments has no sections", async (t) => {
  const cwd = tempDir(t);
  has(await validateData("OutputFormatting", "en-US", { type: "text", text: "// nothing\n" }, { cwd }), "inline text", /no sections/);
});
