// Keeps the README's input and output tables in step with the action.yml files, the way actions/checkout
// does: each table sits between `<!-- action-docs:NAME -->` and `<!-- end-action-docs:NAME -->` markers.
// `node scripts/readme.mjs` rewrites them; `node scripts/readme.mjs --check` exits 1 when they are stale.
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { parse } from 'yaml';

const actions = ['start', 'stop', 'analyze'].filter((name) => existsSync(`${name}/action.yml`));
const cell = (text) => String(text ?? '').replace(/\s+/g, ' ').trim().replace(/\|/g, '\\|');

function table(name) {
  const action = parse(readFileSync(`${name}/action.yml`, 'utf8'));
  const lines = ['| input | default | description |', '| --- | --- | --- |'];
  for (const [input, spec] of Object.entries(action.inputs ?? {})) {
    const fallback = spec.default === undefined || spec.default === '' ? '' : `\`${cell(spec.default)}\``;
    lines.push(`| \`${input}\` | ${fallback} | ${cell(spec.description)} |`);
  }
  const outputs = Object.entries(action.outputs ?? {});
  if (outputs.length > 0) {
    lines.push('', '| output | description |', '| --- | --- |');
    for (const [output, spec] of outputs) lines.push(`| \`${output}\` | ${cell(spec.description)} |`);
  }
  return lines.join('\n');
}

const readme = readFileSync('README.md', 'utf8');
let updated = readme;
for (const name of actions) {
  const pattern = new RegExp(`(<!-- action-docs:${name} -->)[\\s\\S]*?(<!-- end-action-docs:${name} -->)`);
  updated = updated.replace(pattern, (_, open, close) => `${open}\n${table(name)}\n${close}`);
}
if (process.argv.includes('--check')) {
  if (updated !== readme) {
    console.error('README.md input/output tables are stale: run `node scripts/readme.mjs` and commit README.md');
    process.exit(1);
  }
} else if (updated !== readme) {
  writeFileSync('README.md', updated);
}
