// Event times as text: ISO 8601 UTC with nanoseconds ("2018-08-17T17:35:48.514632619Z"), exact,
// sortable as text and readable. The inventory, evt.time.iso8601 and `rules test` print this form.

let formattedSecond: bigint | undefined;
let formattedSecondText = '';

/** Nanoseconds since the epoch as "YYYY-MM-DDTHH:MM:SS.nnnnnnnnnZ". */
export function isoTime(ns: bigint): string {
  const seconds = ns / 1_000_000_000n;
  const fraction = ns % 1_000_000_000n;
  // Events come in time order, many within one second: the date part is made once per second.
  if (seconds !== formattedSecond) {
    formattedSecond = seconds;
    formattedSecondText = new Date(Number(seconds) * 1000).toISOString().slice(0, 19); // ...SS
  }
  return `${formattedSecondText}.${fraction.toString().padStart(9, '0')}Z`;
}
