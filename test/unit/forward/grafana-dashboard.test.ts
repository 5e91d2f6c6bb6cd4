// examples/grafana's dashboard reads what the Loki output writes: every label its LogQL selects or
// groups by is a label lokiLabels sets on a forwarded alert, and the priority values it offers are the
// ones the label carries (Falcosidekick's capitalised names). A renamed label breaks this test, not a
// team's dashboard.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { FALCO_PRIORITIES } from '../../../src/falco/priority.ts';
import { lokiLabels } from '../../../src/forward/loki.ts';
import { liveAlert } from './alerts.ts';

const dashboard = JSON.parse(readFileSync(new URL('../../../examples/grafana/falco-actions-dashboard.json', import.meta.url), 'utf8')) as {
  panels: Array<{ title: string; targets: Array<{ expr: string }> }>;
  templating: { list: Array<{ name: string; type: string; query: unknown; definition?: string }> };
};

/** Label names in stream selectors ({name=~"…", …}) and in `by (…)` / `label_values(…, name)`. */
function labelsUsed(expr: string): string[] {
  const names: string[] = [];
  for (const selector of expr.matchAll(/\{([^{}]*)\}/g)) {
    for (const matcher of (selector[1] ?? '').matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)/g)) names.push(matcher[1]!);
  }
  for (const by of expr.matchAll(/\bby\s*\(([^)]*)\)/g)) names.push(...(by[1] ?? '').split(',').map((name) => name.trim()).filter(Boolean));
  for (const values of expr.matchAll(/label_values\((?:\{[^}]*\},\s*)?([A-Za-z_][A-Za-z0-9_]*)\)/g)) names.push(values[1]!);
  return names;
}

test('every label the dashboard queries is one the Loki output sets', () => {
  const alert = liveAlert({}, undefined);
  const labels = new Set(Object.keys(lokiLabels({ ...alert, hostname: 'runner-1', tags: ['CI/CD'] })));
  const exprs = [
    ...dashboard.panels.flatMap((panel) => panel.targets.map((target) => target.expr)),
    ...dashboard.templating.list.map((variable) => variable.definition ?? ''),
  ];
  const used = new Set(exprs.flatMap(labelsUsed));
  assert.ok(used.has('priority') && used.has('repository') && used.has('workflow') && used.has('rule'), [...used].join(', '));
  for (const name of used) assert.ok(labels.has(name), `the dashboard queries label ${name}, which the Loki output does not set (it sets ${[...labels].join(', ')})`);
});

test('the priority choices are the values the priority label carries', () => {
  const priority = dashboard.templating.list.find((variable) => variable.name === 'priority');
  const offered = String(priority?.query).split(',');
  const carried = FALCO_PRIORITIES.map((name) => lokiLabels(liveAlert({ priority: name.charAt(0).toUpperCase() + name.slice(1) })).priority);
  assert.deepEqual(offered, carried);
});

test('the panels a team starts with are there', () => {
  const titles = dashboard.panels.map((panel) => panel.title);
  assert.deepEqual(titles, ['Critical alerts (last 24 h)', 'Top rules (last 7 days)', 'Alerts per repository and workflow', 'Alerts']);
  assert.match(dashboard.panels[0]!.targets[0]!.expr, /count_over_time\(\{priority=~"\(\?i\)critical\|alert\|emergency"/);
  assert.match(dashboard.panels[1]!.targets[0]!.expr, /^topk\(10, sum by \(rule\) \(count_over_time\(.*\[7d\]\)\)\)$/);
});
