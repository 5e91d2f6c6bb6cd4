// One line that tells a user of a command line what damage a capture has, for stderr. Shared by every
// command that reads a capture (its structural type fits both CaptureDamage and the inventory's form).

interface DamageOutline {
  regionCount: number;
  bytesSkipped: number;
  stoppedAt: number | null | undefined;
  regions: ReadonlyArray<{ offset: number; problem: string }>;
}

/** "CAPTURE is damaged: ..." without a trailing newline; control characters in the problem are escaped. */
export function describeDamage(capture: string, damage: DamageOutline): string {
  const first = damage.regions[0];
  const regions = damage.regionCount === 1 ? 'one damaged region' : `${damage.regionCount} damaged regions`;
  const where = first === undefined ? '' : `, the first at byte ${first.offset} (${first.problem})`;
  const stopped = damage.stoppedAt === null || damage.stoppedAt === undefined ? '' : `; no valid block followed, reading stopped at byte ${damage.stoppedAt}`;
  const text = `${capture} is damaged: ${regions}, ${damage.bytesSkipped} bytes skipped${where}${stopped}; every event outside the damage was read`;
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, ' ');
}
