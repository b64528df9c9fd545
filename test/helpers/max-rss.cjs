// Preloaded (node --require) into a CLI run by a test: reports the process's peak RSS on stderr at exit.
'use strict';
process.on('exit', () => {
  require('node:fs').writeSync(2, `\nDOCKSNAP_TEST_MAX_RSS_KIB=${process.resourceUsage().maxRSS}\n`);
});
