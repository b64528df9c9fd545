import Database from 'better-sqlite3';

/**
 * Runs `sql` on the snapshot at `path` with `table`'s STRICT and NOT NULL lifted, then restores its CREATE text
 * byte for byte: the file then holds what SQLite refuses to write to a STRICT table (a value of
 * the wrong type, a NULL in a NOT NULL column), as a file crafted by hand can.
 */
export function plantValues(path: string, table: string, sql: string): void {
  const original = editTableSql(path, table, (text) => {
    const lifted = text.replace(/\) STRICT(, WITHOUT ROWID)?$/, (_, withoutRowid: string | undefined) => `)${withoutRowid ? ' WITHOUT ROWID' : ''}`);
    if (lifted === text) throw new Error(`table ${table} is not STRICT`);
    return lifted.replaceAll(' NOT NULL', '');
  });
  const db = new Database(path);
  try {
    db.exec(sql);
  } finally {
    db.close();
  }
  editTableSql(path, table, () => original);
}

/** Rewrites a table's stored CREATE text (writable_schema), in a connection closed at once so the next one reads it afresh. @returns the text before. */
function editTableSql(path: string, table: string, edit: (text: string) => string): string {
  const db = new Database(path);
  try {
    const text = db.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?").pluck().get(table) as string;
    db.unsafeMode(true);
    db.pragma('writable_schema = ON');
    db.prepare("UPDATE sqlite_master SET sql = ? WHERE type = 'table' AND name = ?").run(edit(text), table);
    return text;
  } finally {
    db.close();
  }
}
