// `falco-actions analyze CAPTURE|ARTIFACT_DIR`: the analyze action's report, offline, from a capture or a
// downloaded capture artifact (a directory with capture.scap, metadata.json, hashes.json). The flags are
// the analyze action's inputs, with the same names, values and checks (src/settings/analyze.ts parses
// both), plus what only a terminal needs: --metadata, --hashes, --format, --falco-rules, --workspace, and
// the short names --rules (custom-rule-file) and --filters (filters-config). Unlike the action, the
// engine defaults to native: no Docker, no image pull.
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { isUserError } from '../action/errors.ts';
import { CAPTURE_FILE_NAME, HASHES_FILE_NAME, METADATA_FILE_NAME } from '../capture/metadata.ts';
import { isAtLeast } from '../falco/priority.ts';
import { analyzeInputsSchema, parseAnalyzeSettings } from '../settings/analyze.ts';
import { nativeEngine, type AlertEngine } from '../analyze/engines.ts';
import { analyzeCapture } from '../analyze/pipeline.ts';
import { reportsSarif } from '../analyze/sarif-file.ts';
import { renderAnalyzeSummary } from '../report/analyze-markdown.ts';
import { serializeReport } from '../report/json-report.ts';
import type { CliCommand } from './commands.ts';
import { EXIT_DAMAGED, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { packageVersion } from './version.ts';

const INPUT_NAMES = Object.keys(analyzeInputsSchema.shape);
// Inputs that name GitHub things the command line has no use for (it reads local files).
const ACTION_ONLY = new Set(['artifact-name', 'run-id', 'github-token']);
const FLAG_INPUTS = INPUT_NAMES.filter((name) => !ACTION_ONLY.has(name));

const USAGE =
  'analyze [--format markdown|json|sarif] [--metadata FILE] [--hashes FILE] [--rules FILE ...] [--filters FILE|none] ' +
  '[--falco-engine native|container] [--falco-rules FALCO_RULES.yaml] [--workspace DIR] ' +
  `[--${FLAG_INPUTS.filter((name) => !['custom-rule-file', 'filters-config', 'falco-engine'].includes(name)).join(' V] [--')} V] CAPTURE|ARTIFACT_DIR`;

function fail(message: string, code: number): number {
  process.stderr.write(`falco-actions analyze: ${message.replace(/[\r\n]+/g, ' ')}\n`);
  return code;
}

async function run(args: string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args,
      allowPositionals: true,
      options: {
        ...Object.fromEntries(FLAG_INPUTS.map((name) => [name, { type: 'string' as const, multiple: name === 'custom-rule-file' }])),
        rules: { type: 'string', multiple: true },
        filters: { type: 'string' },
        metadata: { type: 'string' },
        hashes: { type: 'string' },
        format: { type: 'string', default: 'markdown' },
        'falco-rules': { type: 'string' },
        workspace: { type: 'string' },
      },
    });
  } catch (error) {
    return fail(`${(error as Error).message}\nusage: falco-actions ${USAGE}`, EXIT_USAGE);
  }
  const { values, positionals } = parsed as { values: Record<string, string | string[] | undefined>; positionals: string[] };
  if (values.format !== 'json' && values.format !== 'markdown' && values.format !== 'sarif') return fail(`--format must be markdown, json or sarif, not '${String(values.format)}'`, EXIT_USAGE);
  if (positionals.length !== 1) return fail(`give exactly one CAPTURE file or capture artifact directory\nusage: falco-actions ${USAGE}`, EXIT_USAGE);

  const target = resolve(positionals[0]!);
  const isDir = existsSync(target) && statSync(target).isDirectory();
  const inDir = (name: string): string | null => (isDir && existsSync(join(target, name)) ? join(target, name) : null);
  const capturePath = isDir ? join(target, CAPTURE_FILE_NAME) : target;
  const flagFile = (name: string): string | null => (typeof values[name] === 'string' ? resolve(values[name] as string) : null);
  const metadataFile = flagFile('metadata') ?? inDir(METADATA_FILE_NAME);
  const hashesFile = flagFile('hashes') ?? inDir(HASHES_FILE_NAME);

  const rules = [...((values['custom-rule-file'] as string[] | undefined) ?? []), ...((values.rules as string[] | undefined) ?? [])];
  const read = (name: string): string => {
    if (name === 'custom-rule-file') return rules.join('\n');
    if (name === 'filters-config') return (values['filters-config'] as string | undefined) ?? (values.filters as string | undefined) ?? '';
    if (name === 'falco-engine') return (values['falco-engine'] as string | undefined) ?? 'native';
    const value = values[name];
    return typeof value === 'string' ? value : '';
  };
  try {
    const settings = parseAnalyzeSettings(read);
    const engine: AlertEngine =
      settings.falcoEngine === 'native'
        ? nativeEngine({ falcoVersion: settings.falcoVersion, ...(typeof values['falco-rules'] === 'string' ? { falcoRulesFile: resolve(values['falco-rules']) } : {}) })
        : await containerEngineFor(settings.falcoImage);
    const report = await analyzeCapture({
      capturePath,
      metadataFile,
      hashesFile,
      customRuleFiles: settings.customRuleFiles,
      cicdRules: settings.cicdRules,
      filters: settings.filtersConfig,
      sections: settings.sections,
      engine,
      actionRoot: fileURLToPath(new URL('../../', import.meta.url)),
      baseDir: process.cwd(),
      toolVersion: await packageVersion(),
      ...(typeof values.workspace === 'string' ? { workspace: values.workspace } : {}),
      log: (line) => process.stderr.write(`falco-actions analyze: ${line.replace(/[\r\n]+/g, ' ')}\n`),
    });
    // SARIF: the workflow file is read from the current directory, a checkout of the monitored repository.
    const output =
      values.format === 'json'
        ? serializeReport(report)
        : values.format === 'sarif'
          ? reportsSarif([report], { workspace: process.cwd(), fallbackWorkflowRef: null, toolVersion: report.tool.version, log: (line) => process.stderr.write(`falco-actions analyze: ${line}\n`) })
          : renderAnalyzeSummary(report);
    await new Promise<void>((done, reject) => process.stdout.write(output.endsWith('\n') ? output : `${output}\n`, (error) => (error ? reject(error) : done())));
    if (report.capture.damage !== null) return fail(`${capturePath} is damaged: ${report.capture.damage.regionCount} region(s), ${report.capture.damage.bytesSkipped} bytes skipped (the report lists what was lost)`, EXIT_DAMAGED);
    const failOn = settings.failOn;
    if (failOn !== 'none' && report.alerts.some((alert) => isAtLeast(alert.priority, failOn))) {
      process.stderr.write(`falco-actions analyze: an alert at or above ${failOn} fired (--fail-on ${failOn})\n`);
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  } catch (error) {
    if (isUserError(error)) return fail((error as Error).message, EXIT_FAILURE);
    throw error;
  }
}

/** The replay container, loaded only when asked for (it brings the Docker client). */
async function containerEngineFor(image: string): Promise<AlertEngine> {
  const [{ connectDockerEngine }, { containerEngine }] = await Promise.all([import('../docker/connect.ts'), import('../analyze/container-engine.ts')]);
  return containerEngine({ docker: connectDockerEngine(process.env), image, log: (line: string) => process.stderr.write(`falco: ${line.replace(/[\r\n]+/g, ' ')}\n`) });
}

export const analyzeCommand: CliCommand = { name: 'analyze', usage: USAGE, run };
