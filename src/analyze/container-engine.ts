// Analyze's container engine: the Falco image replays the capture (src/falco/replay.ts) with Falco's
// default rules loaded first from the image, then the rule files analyze gives, as in live mode. Lines
// of the events file that were not alerts become notes: the alerts are kept, the reader is told.
import { replayCapture, type ReplayDocker } from '../falco/replay.ts';
import { DEFAULT_FALCO_VERSION } from '../falco/version.ts';
import type { AlertEngine } from './engines.ts';
import { IMAGE_DEFAULT_RULES_FILE } from './rule-files.ts';

export interface ContainerEngineOptions {
  docker: ReplayDocker;
  image: string;
  log: (line: string) => void;
  /** How long one replay may run (replay.ts's default when absent). */
  timeoutMs?: number;
}

export function containerEngine(options: ContainerEngineOptions): AlertEngine {
  return {
    kind: 'container',
    async run(capturePath, ruleFiles) {
      const result = await replayCapture({
        docker: options.docker,
        image: options.image,
        capturePath,
        ruleFiles,
        log: options.log,
        ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      });
      const notes = result.problems.length === 0 ? [] : [`Falco's events file held lines that are not alerts (left out): ${result.problems.join('; ')}.`];
      if (result.falcoVersion === undefined) notes.push(`Falco's log did not say its version; ${DEFAULT_FALCO_VERSION} is assumed.`);
      return {
        alerts: result.alerts,
        notes,
        falcoVersion: result.falcoVersion ?? DEFAULT_FALCO_VERSION,
        image: options.image,
        // The image's default rules, then ours as given (host paths: what the reader can open).
        rulesFiles: [IMAGE_DEFAULT_RULES_FILE, ...ruleFiles.map((file) => file.hostPath)],
      };
    },
  };
}
