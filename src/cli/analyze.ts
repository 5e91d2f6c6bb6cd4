// `falco-actions analyze CAPTURE|ARTIFACT_DIR`: the analyze action's report, offline, from a capture or a
// downloaded capture artifact (a directory with capture.scap, metadata.json, hashes.json). The flags are
// the analyze action's inputs, with the same names, values and checks (src/settings/analyze.ts parses
// both), plus what only a terminal needs: --metadata, --hashes, --format, --falco-rules, --workspace, and
// the short names --rules (custom-rule-file) and --filters (filters-config). Unlike the action, the
// engine defaults to native: no Docker, no image pull.
import { existsSync, statSync } from 'node:fs';
import { homedir } from 'node:os';
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
import { baselineUncompared, newOverThreshold, reputationsOverThreshold } from '../enrich/decisions.ts';
import { runEnrichment } from '../enrich/stages.ts';
import { forwardInputsShape, forwardingEnabled } from '../settings/forward.ts';
import { envName } from './forward.ts';
import { renderAnalyzeSummary } from '../report/analyze-markdown.ts';
import { serializeReport } from '../report/json-report.ts';
import type { CliCommand } from './commands.ts';
import { EXIT_DAMAGED, EXIT_FAILURE, EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import { packageVersion } from './version.ts';

const INPUT_NAMES = Object.keys(analyzeInputsSchema.shape);
// Inputs that name GitHub things the command line has no use for (it reads local files).
const ACTION_ONLY = new Set(['artifact-name', 'run-id', 'github-token']);
const FLAG_INPUTS = INPUT_NAMES.filter((name) => !ACTION_ONLY.has(name));
const FORWARD_INPUTS = new Set(Object.keys(forwardInputsShape));

const USAGE =
  'analyze [--format markdown|json|sarif] [--metadata FILE] [--hashes FILE] [--rules FILE ...] [--filters FILE|none] ' +
  '[--falco-engine native|container] [--falco-rules FALCO_RULES.yaml] [--workspace DIR] [--vt-cache-dir DIR] ' +
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
        'vt-cache-dir': { type: 'string' },
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
    // No GitHub API on a laptop: the default-branch comparison only when asked for (and refused below).
    if (name === 'baseline') return (values.baseline as string | undefined) ?? 'none';
    const value = values[name];
    if (typeof value === 'string') return value;
    // Forwarding secrets may come from FALCO_ACTIONS_<INPUT>, as for `falco-actions forward`.
    return FORWARD_INPUTS.has(name) ? (process.env[envName(name)] ?? '') : '';
  };
  try {
    // VT_API_KEY and OPENAI_API_KEY: from the environment, as in the action.
    const settings = parseAnalyzeSettings(read, process.env);
    if (settings.baseline.kind === 'default-branch') {
      return fail("--baseline default-branch needs the GitHub API of a workflow run; on the command line compare with a file: --baseline-file BASELINE.json (falco-actions baseline write REPORT.json)", EXIT_USAGE);
    }
    const engine: AlertEngine =
      settings.falcoEngine === 'native'
        ? nativeEngine({ falcoVersion: settings.falcoVersion, ...(typeof values['falco-rules'] === 'string' ? { falcoRulesFile: resolve(values['falco-rules']) } : {}) })
        : await containerEngineFor(settings.falcoImage);
    const log = (line: string): void => {
      process.stderr.write(`falco-actions analyze: ${line.replace(/[\r\n]+/g, ' ')}\n`);
    };
    const built = await analyzeCapture({
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
      log,
    });
    const enrichment = await runEnrichment(settings, {
      verdictStore: async () => (await import('../enrich/virustotal/folder-store.ts')).folderVerdictStore(verdictCacheDir(values['vt-cache-dir'] as string | undefined)),
      baseDir: process.cwd(),
      log,
    });
    if (enrichment.stages.length > 0) log(`enrichment: ${enrichment.stages.join(', ')}`);
    const report = await enrichment.enrich(built, null);
    await enrichment.finish();
    // SARIF: the workflow file is read from the current directory, a checkout of the monitored repository.
    const output =
      values.format === 'json'
        ? serializeReport(report)
        : values.format === 'sarif'
          ? reportsSarif([report], { workspace: process.cwd(), fallbackWorkflowRef: null, toolVersion: report.tool.version, log: (line) => process.stderr.write(`falco-actions analyze: ${line}\n`) })
          : renderAnalyzeSummary(report);
    await new Promise<void>((done, reject) => process.stdout.write(output.endsWith('\n') ? output : `${output}\n`, (error) => (error ? reject(error) : done())));
    if (report.capture.damage !== null) return fail(`${capturePath} is damaged: ${report.capture.damage.regionCount} region(s), ${report.capture.damage.bytesSkipped} bytes skipped (the report lists what was lost)`, EXIT_DAMAGED);
    let exit = EXIT_OK;
    if (forwardingEnabled(settings.forward)) {
      const { forwardAlerts, fromAnalyzeReport, forwardFailure } = await import('../forward/index.ts');
      const result = await forwardAlerts(fromAnalyzeReport(report), settings.forward, { log: { info: log, warning: (line) => log(`warning: ${line}`), debug: () => undefined } });
      const failure = forwardFailure(result, settings.forward);
      if (failure !== undefined) {
        log(failure);
        exit = EXIT_FAILURE;
      }
    }
    const failOn = settings.failOn;
    if (failOn !== 'none' && report.alerts.some((alert) => isAtLeast(alert.priority, failOn))) {
      log(`an alert at or above ${failOn} fired (--fail-on ${failOn})`);
      exit = EXIT_FAILURE;
    }
    const flagged = reputationsOverThreshold(report, settings.failOnReputation);
    if (flagged.length > 0) {
      log(`VirusTotal rated ${flagged.length} indicator(s) at or above ${settings.failOnReputation} (--fail-on-reputation ${settings.failOnReputation})`);
      exit = EXIT_FAILURE;
    }
    const drifted = newOverThreshold(report, settings.failOnNew);
    if (Object.keys(drifted).length > 0) {
      log(`new since the baseline (--fail-on-new): ${Object.entries(drifted).map(([kind, count]) => `${count} ${kind}`).join(', ')}`);
      exit = EXIT_FAILURE;
    } else if (baselineUncompared(report, settings)) {
      log('the baseline file could not be compared (--fail-on-new): see the report\'s notes');
      exit = EXIT_FAILURE;
    }
    return exit;
  } catch (error) {
    if (isUserError(error)) return fail((error as Error).message, EXIT_FAILURE);
    throw error;
  }
}

/** Where VirusTotal verdicts are kept between runs on this machine: --vt-cache-dir, else the user's cache folder. */
function verdictCacheDir(flag: string | undefined): string {
  if (flag !== undefined) return resolve(flag);
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'falco-actions', 'virustotal');
}

/** The replay container, loaded only when asked for (it brings the Docker client). */
async function containerEngineFor(image: string): Promise<AlertEngine> {
  const [{ connectDockerEngine }, { containerEngine }] = await Promise.all([import('../docker/connect.ts'), import('../analyze/container-engine.ts')]);
  return containerEngine({ docker: connectDockerEngine(process.env), image, log: (line: string) => process.stderr.write(`falco: ${line.replace(/[\r\n]+/g, ' ')}\n`) });
}

export const analyzeCommand: CliCommand = { name: 'analyze', usage: USAGE, run };
