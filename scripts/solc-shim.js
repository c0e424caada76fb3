#!/usr/bin/env node
// forge expects a native solc binary; none is published for this machine's registries, so this
// shim makes the npm `solc` package (the official compiler built to wasm) answer like one.
// forge only ever asks for `--version` and for `--standard-json` with the input on stdin.
// OMKT_SOLC_PACKAGE names another npm compiler package (scripts/solc-0825-shim.js sets it).
'use strict';
const path = require('path');
const solc = require(path.join(__dirname, '..', 'node_modules', process.env.OMKT_SOLC_PACKAGE || 'solc'));

if (process.argv.includes('--version')) {
  process.stdout.write(`solc, the solidity compiler commandline interface\nVersion: ${solc.version()}\n`);
  process.exit(0);
}

const chunks = [];
process.stdin.on('data', (chunk) => chunks.push(chunk));
process.stdin.on('end', () => {
  const input = Buffer.concat(chunks).toString('utf8');
  process.stdout.write(solc.compile(input));
});
