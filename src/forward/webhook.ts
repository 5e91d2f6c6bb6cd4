// The webhook payload: Falcosidekick's own (types.FalcoPayload in falcosecurity/falcosidekick
// types/types.go: uuid, output, priority as Falco spells it, rule, time, output_fields, source, tags,
// hostname), so a consumer of Falcosidekick's webhook output reads it unchanged; the CI context is one
// more key, `falco_actions`, which such a consumer ignores. Loki's line is this same JSON, so LogQL's
// `| json` finds every field. JSON carries hostile text safely; nothing is escaped here.
import { falcoPriorityLabel } from '../falco/priority.ts';
import type { CiContext, ForwardAlert } from './alert.ts';

export interface WebhookPayload {
  uuid: string;
  output: string;
  priority: string;
  rule: string;
  time: string;
  output_fields: Record<string, unknown>;
  source: string;
  tags?: string[];
  hostname?: string;
  falco_actions: {
    repository: string | null;
    workflow: string | null;
    job: string | null;
    run_number: string | null;
    run_url: string | null;
    step: string | null;
    action: string | null;
  };
}

function ciKey(ci: CiContext): WebhookPayload['falco_actions'] {
  return {
    repository: ci.repository,
    workflow: ci.workflow,
    job: ci.job,
    run_number: ci.runNumber,
    run_url: ci.runUrl,
    step: ci.step,
    action: ci.action,
  };
}

/** `uuid` identifies the alert to the receiver (Falcosidekick gives every event a random one). */
export function buildWebhookPayload(alert: ForwardAlert, uuid: string): WebhookPayload {
  // Falcosidekick omits empty tags and hostname (omitempty) and always sends source and output_fields.
  return {
    uuid,
    output: alert.output,
    priority: falcoPriorityLabel(alert.priority),
    rule: alert.rule,
    time: alert.time,
    output_fields: alert.outputFields,
    source: alert.source ?? '',
    ...(alert.tags.length > 0 ? { tags: alert.tags } : {}),
    ...(alert.hostname !== null && alert.hostname !== '' ? { hostname: alert.hostname } : {}),
    falco_actions: ciKey(alert.ci),
  };
}
