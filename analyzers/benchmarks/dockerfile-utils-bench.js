// Times dockerfile-utils' validate() over the corpus the way CriRuntime.Dockerfile.Benchmarks times
// DockerfileLinter.Lint: files read first, a cold pass, then N warm passes; each file's warm time is its median.
// Usage: node dockerfile-utils-bench.js CORPUS_DIR PASSES (with NODE_PATH naming the install's node_modules)
'use strict';
const fs = require('fs');
const path = require('path');
const { validate } = require('dockerfile-utils');

const [corpus, passesArg] = process.argv.slice(2);
const passes = Number(passesArg || 30);

function walk(dir) {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? walk(p) : e.name.toLowerCase().endsWith('.md') ? [] : [p];
  });
}

const files = walk(corpus).sort().map((p) => fs.readFileSync(p, 'utf8'));
const micros = (start) => Number(process.hrtime.bigint() - start) / 1000;

// Nearest-rank percentile, as Stats.Percentile in the C# program.
function percentile(values, fraction) {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.ceil(fraction * sorted.length);
  return sorted[Math.min(Math.max(rank - 1, 0), sorted.length - 1)];
}

let findings = 0;
const cold = files.map((text) => {
  const start = process.hrtime.bigint();
  findings += validate(text).length;
  return micros(start);
});

const warm = files.map(() => []);
for (let pass = 0; pass < passes; pass++) {
  files.forEach((text, i) => {
    const start = process.hrtime.bigint();
    validate(text);
    warm[i].push(micros(start));
  });
}

const warmPerFile = warm.map((times) => percentile(times, 0.5));
const sum = (values) => values.reduce((a, b) => a + b, 0);
console.log(JSON.stringify({
  linter: 'dockerfile-utils ' + require('dockerfile-utils/package.json').version,
  files: files.length,
  chars: sum(files.map((t) => t.length)),
  passes,
  findings,
  coldPassMs: sum(cold) / 1000,
  coldMedianUs: percentile(cold, 0.5),
  coldP90Us: percentile(cold, 0.9),
  warmMedianUs: percentile(warmPerFile, 0.5),
  warmP90Us: percentile(warmPerFile, 0.9),
  warmPassMs: sum(warmPerFile) / 1000,
}));
