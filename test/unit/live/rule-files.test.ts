import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { resolveRuleFiles } from '../../../src/live/start.ts';
import { SettingsError } from '../../../src/settings/inputs.ts';
import type { StartSettings } from '../../../src/settings/start.ts';

const scratch = await mkdtemp(join(tmpdir(), 'falco-actions-rules-'));
after(() => rm(scratch, { recursive: true, force: true }));

const settings = (overrides: Partial<StartSettings>): StartSettings => ({
  mode: 'live',
  falcoVersion: '0.44.1',
  falcoImage: 'falcosecurity/falco:0.44.1',
  customRuleFiles: [],
  cicdRules: true,
  verbose: false,
  ...overrides,
});

async function actionRoot(name: string, withCicd: boolean): Promise<string> {
  const root = join(scratch, name);
  await mkdir(join(root, 'rules'), { recursive: true });
  await writeFile(join(root, 'rules', 'falco_actions_markers.yaml'), '- rule: m\n');
  if (withCicd) await writeFile(join(root, 'rules', 'falco_cicd_rules.yaml'), '- rule: c\n');
  return root;
}

describe('rule files to mount', () => {
  it('mounts markers, the CI/CD rules and custom files (relative to the workspace) in that order', async () => {
    const root = await actionRoot('full', true);
    const workspace = join(scratch, 'ws');
    await mkdir(join(workspace, 'ci'), { recursive: true });
    await writeFile(join(workspace, 'ci', 'mine.yaml'), '- rule: x\n');
    const files = await resolveRuleFiles(settings({ customRuleFiles: ['ci/mine.yaml'] }), root, workspace);
    assert.deepEqual(files, [
      { hostPath: join(root, 'rules', 'falco_actions_markers.yaml'), origin: 'markers' },
      { hostPath: join(root, 'rules', 'falco_cicd_rules.yaml'), origin: 'cicd' },
      { hostPath: join(workspace, 'ci', 'mine.yaml'), origin: 'custom' },
    ]);
  });

  it('leaves the CI/CD rules out when cicd-rules is false', async () => {
    const root = await actionRoot('no-cicd-input', false);
    const files = await resolveRuleFiles(settings({ cicdRules: false }), root, scratch);
    assert.deepEqual(files.map((file) => file.origin), ['markers']);
  });

  it('fails naming cicd-rules when the action lacks its CI/CD rules file', async () => {
    const root = await actionRoot('no-cicd-file', false);
    await assert.rejects(
      resolveRuleFiles(settings({}), root, scratch),
      (error: unknown) => error instanceof SettingsError && error.input === 'cicd-rules' && /Set cicd-rules: false/.test(error.message),
    );
  });

  it('fails naming custom-rule-file and the path it looked at for a missing file or a directory', async () => {
    const root = await actionRoot('custom', false);
    for (const path of ['absent.yaml', '.']) {
      await assert.rejects(
        resolveRuleFiles(settings({ cicdRules: false, customRuleFiles: [path] }), root, scratch),
        (error: unknown) => error instanceof SettingsError && error.input === 'custom-rule-file' && error.message.includes(`looked at ${join(scratch, path)}`.replace(/\/\.$/, '')),
      );
    }
  });
});
