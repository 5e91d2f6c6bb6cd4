// The scap writer: a readable description in, a capture that libscap and Debian's sysdig read out.
export {
  captureDescriptionSchema,
  parseCaptureDescription,
  CaptureDescriptionError,
  type CaptureDescription,
  type CaptureDescriptionInput,
  type ContainerDescription,
  type EventDescription,
  type FdDescription,
  type ProcessDescription,
} from './description.ts';
export { planCapture, containerJson, dockerCgroups, shortContainerId, type CapturePlan, type PlanOptions } from './plan.ts';
export { writeCapture, ScapWriter, type ScapWriterOptions, type WriteCaptureOptions, type WriteCaptureResult } from './writer.ts';
export { encodeEvent, frameBlock, frameEvent, type EventRecord, type ParamInput } from './encode.ts';
export { sectionHeaderBlock, type SectionOptions } from './blocks.ts';
