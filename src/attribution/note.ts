/**
 * A remark for the report, kept as parts so the renderer can set our own words as text and every
 * value that came from the job (step names, command lines, times from Falco) as escaped code.
 */
export type NotePart = string | { hostile: string };
export type Note = readonly NotePart[];

type NoteValue = string | number | Note;

/**
 * Tagged template: the literal text is ours; every interpolated string is hostile; numbers are ours;
 * an interpolated Note is spliced in as is.
 */
export function note(strings: TemplateStringsArray, ...values: NoteValue[]): Note {
  const parts: NotePart[] = [];
  strings.forEach((text, index) => {
    if (text) parts.push(text);
    if (index >= values.length) return;
    const value = values[index] as NoteValue;
    if (typeof value === 'number') parts.push(String(value));
    else if (typeof value === 'string') parts.push({ hostile: value });
    else parts.push(...value);
  });
  return parts;
}

/** Joins parts with an interpolated separator, e.g. quoted step names joined by " and ". */
export function joinNotes(items: readonly Note[], separator: string): Note {
  const parts: NotePart[] = [];
  items.forEach((item, index) => {
    if (index > 0) parts.push(separator);
    parts.push(...item);
  });
  return parts;
}

/** The note as one plain string (logs, tests). */
export function noteText(parts: Note): string {
  return parts.map((part) => (typeof part === 'string' ? part : part.hostile)).join('');
}
