/**
 * A json log's stored tail cut into its records, one per line, as `docker logs` reads them:
 * Docker before 0.7 wrote records without a newline between them (`}{`), so records are found by
 * matching braces outside strings, not by splitting lines. A tail that begins inside a record
 * keeps that fragment as its first line; text outside any record (a truncated or hostile file) is
 * kept too, so nothing stored is hidden.
 */
export function splitLogRecords(tail: string): string[] {
  const records: string[] = [];
  let start = 0;
  let depth = 0;
  let inString = false;
  let escaped = false;
  const flush = (end: number) => {
    const piece = tail.slice(start, end).trim();
    if (piece) records.push(piece);
    start = end;
  };
  for (let i = 0; i < tail.length; i++) {
    const ch = tail[i];
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === '\\') escaped = true;
      else if (ch === '"') inString = false;
    } else if (ch === '"' && depth > 0) inString = true;
    else if (ch === '{') {
      if (depth === 0) flush(i);
      depth++;
    } else if (ch === '}' && depth > 0) {
      depth--;
      if (depth === 0) flush(i + 1);
    } else if (ch === '\n' && depth === 0) flush(i + 1);
  }
  flush(tail.length);
  return records;
}
