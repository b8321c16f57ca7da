// Prints the two in-process reports side by side with the ratio dockerfile-utils / ours (above 1: ours is faster).
'use strict';
const [ours, theirs] = process.argv.slice(2).map((f) => JSON.parse(require('fs').readFileSync(f, 'utf8')));
const rows = [
  ['files', 'files'],
  ['findings', 'findings'],
  ['cold pass, ms', 'coldPassMs'],
  ['cold per file median, us', 'coldMedianUs'],
  ['cold per file p90, us', 'coldP90Us'],
  ['warm per file median, us', 'warmMedianUs'],
  ['warm per file p90, us', 'warmP90Us'],
  ['warm pass, ms', 'warmPassMs'],
];
const pad = (s, n) => String(s).padStart(n);
const fmt = (v) => (Number.isInteger(v) ? String(v) : v.toFixed(1));
console.log(`in-process, ${ours.passes} warm passes`.padEnd(28) + pad(ours.linter, 24) + pad(theirs.linter, 26) + pad('ratio', 8));
for (const [label, key] of rows) {
  const ratio = key === 'files' || key === 'findings' ? '' : (theirs[key] / ours[key]).toFixed(1) + 'x';
  console.log(label.padEnd(28) + pad(fmt(ours[key]), 24) + pad(fmt(theirs[key]), 26) + pad(ratio, 8));
}
