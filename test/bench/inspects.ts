import Database from 'better-sqlite3';

/** Whether a capture got every container's inspect: counted in each run's snapshot, against the engine. */
export interface InspectCount {
  /** Containers the engine has (`docker ps -aq`), each of which should have an inspect row. */
  readonly expected: number;
  /** Inspect rows (`api_responses` of `/containers/<id>/json`) in each run's snapshot, the warm-up included. */
  readonly perRun: number[];
  /** The most API capture errors (timeouts, refusals) one run recorded. */
  apiErrorsMax: number;
  /** The first API capture error seen, as the snapshot words it. */
  firstApiError?: string;
}

export function newInspectCount(expected: number): InspectCount {
  return { expected, perRun: [], apiErrorsMax: 0 };
}

/** Reads one snapshot's inspect rows and API errors into `count`. */
export function countInspects(snapshot: string, count: InspectCount): void {
  const db = new Database(snapshot, { readonly: true, fileMustExist: true });
  try {
    const inspects = db.prepare(`SELECT count(*) AS n FROM api_responses WHERE endpoint LIKE '/containers/%/json'`).get() as { n: number };
    const errors = db.prepare(`SELECT message FROM capture_error WHERE phase = 'api' ORDER BY id`).all() as { message: string }[];
    count.perRun.push(inspects.n);
    count.apiErrorsMax = Math.max(count.apiErrorsMax, errors.length);
    count.firstApiError ??= errors[0]?.message;
  } finally {
    db.close();
  }
}

export function everyInspect(count: InspectCount): boolean {
  return count.perRun.length > 0 && count.perRun.every((n) => n === count.expected);
}

/** `200/200 in 6 runs`, or each run's count with the API errors: `0, 200, 12, 200 of 200 by run; …`. */
export function describeInspects(count: InspectCount): string {
  if (everyInspect(count)) return `${count.expected}/${count.expected} in ${count.perRun.length} runs`;
  return `${count.perRun.join(', ')} of ${count.expected} by run; up to ${count.apiErrorsMax} API errors in one run${count.firstApiError ? `, e.g. "${count.firstApiError}"` : ''}`;
}
