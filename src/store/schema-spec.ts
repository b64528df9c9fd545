/** The described shape of one CREATE TABLE statement of schemas/snapshot.sql. */
export interface TableSpec {
  readonly name: string;
  readonly description: string;
  readonly columns: readonly ColumnSpec[];
}

export interface ColumnSpec {
  readonly name: string;
  readonly type: 'INTEGER' | 'TEXT' | 'BLOB' | 'REAL';
  readonly notNull: boolean;
  /** `id INTEGER PRIMARY KEY`: SQLite assigns it when omitted. */
  readonly autoId: boolean;
  readonly description: string;
}

/** `)` with the table options the schemas use: STRICT (schema 4 on), WITHOUT ROWID. */
const TABLE_END = /^\)(?: STRICT| WITHOUT ROWID| STRICT, WITHOUT ROWID)?$/;
const CONSTRAINT_LINE = /^(PRIMARY KEY|UNIQUE|CHECK|FOREIGN KEY|CONSTRAINT)\b/i;

/**
 * Reads a CREATE TABLE statement written in the house format: the table's description as a
 * `--` comment after the opening parenthesis, one column per line, each with its own comment.
 * @throws Error when the statement is not in that format (the schema lint test relies on it).
 */
export function parseTableSpec(statement: string): TableSpec {
  const lines = statement.split('\n');
  const head = /^CREATE TABLE (\w+) \(\s*--\s*(.+)$/.exec(lines[0] ?? '');
  if (!head) throw new Error(`not a described CREATE TABLE: ${lines[0] ?? ''}`);
  const columns: ColumnSpec[] = [];
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    if (TABLE_END.test(line) || CONSTRAINT_LINE.test(line)) continue;
    const match = /^(\w+) (INTEGER|TEXT|BLOB|REAL)\b(.*?),?\s*(?:--\s*(.*))?$/.exec(line);
    if (!match) throw new Error(`${head[1]}: cannot read column line: ${line}`);
    const [, name, type, constraints = '', description = ''] = match;
    const primaryKey = /\bPRIMARY KEY\b/i.test(constraints);
    columns.push({
      name: name!,
      type: type as ColumnSpec['type'],
      notNull: primaryKey || /\bNOT NULL\b/i.test(constraints),
      autoId: name === 'id' && type === 'INTEGER' && primaryKey && !/\bCHECK\b/i.test(constraints),
      description: description.trim(),
    });
  }
  return { name: head[1]!, description: head[2]!.trim(), columns };
}
