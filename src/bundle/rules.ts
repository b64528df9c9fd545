/**
 * The redaction rules of bundle export, as data: README's "Redaction" section lists them and a
 * test checks that it does. Changing what is redacted means changing this table and
 * RULES_VERSION, which every bundle's manifest records.
 */

/** Recorded in each bundle's manifest; bump it whenever a rule below changes. */
export const RULES_VERSION = '2';

/** Environment variables whose values are kept: they describe the process, never a secret. */
export const ENV_ALLOWLIST: readonly string[] = [
  'PATH', 'HOME', 'HOSTNAME', 'TERM', 'LANG', 'LANGUAGE', 'PWD', 'OLDPWD', 'SHLVL', 'USER', 'LOGNAME', 'SHELL', 'TZ', 'container', '_',
];
/** Prefixes of kept variables: the locale settings LC_ALL, LC_CTYPE… */
export const ENV_ALLOWLIST_PREFIXES: readonly string[] = ['LC_'];

/**
 * A key "looks secret" when one of its words (split at `_ - . :`, spaces and camelCase) is one
 * of these, ignoring case and a plural s: `API_TOKEN`, `db.password`, `clientSecret`, `auths`.
 */
export const SECRET_KEY_WORDS: readonly string[] = [
  'password', 'passwd', 'passphrase', 'pass', 'pwd', 'secret', 'token', 'auth', 'authorization', 'credential',
  'apikey', 'privatekey', 'cookie',
];
/** …or when two adjacent words are one of these pairs: `AWS_ACCESS_KEY_ID`, `api-key`. */
export const SECRET_KEY_PAIRS: readonly string[] = ['api key', 'access key', 'private key', 'secret key', 'client key', 'signing key', 'encryption key'];
/** …or when the key, its words joined, ends with one of these: `PGPASSWORD`, `MYSQLPWD`, `authtoken`. */
export const SECRET_KEY_SUFFIXES: readonly string[] = ['password', 'passwd', 'pwd', 'secret', 'token', 'apikey'];
/** …unless its last word is one of these: `--password-file` names a path, `token_ttl` a duration. */
export const NOT_SECRET_LAST_WORDS: readonly string[] = [
  'file', 'path', 'dir', 'length', 'len', 'size', 'type', 'mode', 'required', 'enabled', 'min', 'max', 'policy', 'ttl', 'expiry', 'expires',
];

/** JSON keys (any case) whose array value is an environment (`Config.Env`, OCI `process.env`). */
export const ENV_KEYS: readonly string[] = ['env'];
/** JSON keys (any case) whose array value is a command line (`Cmd`, `Entrypoint`, `Args`, OCI `process.args`). */
export const ARGV_KEYS: readonly string[] = ['cmd', 'entrypoint', 'args'];
/** argv options whose next argument is an environment entry `NAME=value` (`docker run -e`). */
export const ENV_OPTIONS: readonly string[] = ['-e', '--env'];
/** Programs whose `-pSECRET` is a password (mysql, mysqldump, mariadb-dump…), by the name of an earlier word. */
export const MYSQL_PROGRAMS = /^(?:mysql|mariadb)[\w.-]*$/;
/** Programs whose `-u user:SECRET` carries a password (curl). */
export const CURL_PROGRAMS = /^curl$/;
/** Options whose argument is `user:password` (curl's; `--proxy-user` for any program). */
export const USER_PASSWORD_OPTIONS: readonly string[] = ['-u', '--user', '-U', '--proxy-user'];

/**
 * A pattern over free text. `value` names the capture groups holding the value to replace (the
 * first that matched wins; none listed means the whole match); `key`, when set, names the group
 * that must look secret for the match to count. `hint` is a cheap test that any text the
 * pattern can match passes: most captured strings fail it and skip the pattern.
 */
export interface TextRule {
  readonly id: string;
  readonly description: string;
  readonly hint: RegExp;
  readonly pattern: RegExp;
  readonly value?: readonly string[];
  readonly key?: string;
  /** A group that marks where a value starts that runs to the end of its line (trailing blanks excluded). */
  readonly toLineEnd?: string;
}

/** Any key that looksSecretKey() accepts holds one of these words: the hint of secret-key-value. */
const SECRET_KEY_HINT = new RegExp(
  [...SECRET_KEY_WORDS, ...SECRET_KEY_SUFFIXES, ...SECRET_KEY_PAIRS.map((pair) => pair.replace(' ', '[^A-Za-z0-9]*'))].join('|'),
  'i',
);

/** Any line the command-line rules can change passes this: a secret-looking option, or a program with a password option of its own. */
export const COMMAND_LINE_HINT = new RegExp(`${SECRET_KEY_HINT.source}|mysql|mariadb|curl|proxy-user`, 'i');

/** Applied in this order to every captured text; a value already redacted is left alone. */
export const TEXT_RULES: readonly TextRule[] = [
  {
    id: 'pem-private-key',
    hint: /PRIVATE KEY-----/,
    description: 'PEM private key blocks, BEGIN to END line, to the end of a text cut after BEGIN, and from the start of a text that begins inside a block',
    pattern:
      /-----BEGIN (?:[A-Z0-9]+ )*PRIVATE KEY-----(?:[\s\S]*?-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----|[A-Za-z0-9+/=\s\\]*$)|^(?:[A-Za-z0-9+/=\s\\]|(?:Proc-Type|DEK-Info):[^\n]*)*-----END (?:[A-Z0-9]+ )*PRIVATE KEY-----/g,
  },
  {
    id: 'jwt',
    hint: /eyJ/,
    description: 'JSON Web Tokens (eyJ….eyJ….signature)',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![A-Za-z0-9_-])/g,
  },
  {
    id: 'aws-access-key-id',
    hint: /A[KSBC][IC]A/,
    description: 'AWS access key ids (AKIA…, ASIA…: 20 upper-case characters)',
    pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])/g,
  },
  {
    id: 'github-token',
    hint: /gh[pousr]_|github_pat_/,
    description: 'GitHub tokens (ghp_, gho_, ghu_, ghs_, ghr_, github_pat_)',
    pattern: /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g,
  },
  {
    id: 'url-credentials',
    hint: /:\/\/[^\s@]{0,770}@/,
    description: 'the password of credentials in URLs: scheme://user:PASSWORD@host, up to the last @ of the URL (a password may hold @, / or :)',
    pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s:@/?#"'<>]{1,256}:(?<password>[^\s"'<>]{1,512})@/g,
    value: ['password'],
  },
  {
    id: 'secret-key-value',
    hint: SECRET_KEY_HINT,
    description:
      'key=value and key: value pairs whose key looks secret, in any case (Password=, api_token:, "secret": "…", Authorization: Bearer …); a quoted value runs to its closing quote, any other to the end of its line',
    pattern:
      /(?<![\w.-])-{0,2}["']?(?<key>[A-Za-z_][\w.-]*)["']?[ \t]*[:=][ \t]*(?:"(?<dq>(?:[^"\\\n]|\\.){0,4096})"|'(?<sq>[^'\n]{0,4096})'|(?:(?:bearer|basic|token|digest)[ \t]+)?(?<bare>))/gi,
    value: ['dq', 'sq', 'bare'],
    key: 'key',
    toLineEnd: 'bare',
  },
];

/** The option forms of argv rules, listed in README with the text rules. */
export const ARGV_RULES: readonly { readonly id: string; readonly description: string }[] = [
  { id: 'argv-secret-option', description: 'the argument after an option whose name looks secret (--password X, --token X) and the value of --token=X' },
  { id: 'argv-mysql-password', description: '-pSECRET after a mysql or mariadb program (mysql, mysqldump, mariadb-dump…)' },
  { id: 'argv-user-password', description: 'the password of -u user:SECRET, --user user:SECRET and -uuser:SECRET after curl, and of --proxy-user user:SECRET' },
  { id: 'argv-env-option', description: 'NAME=value after -e/--env (docker run -e): redacted like an environment entry' },
];
