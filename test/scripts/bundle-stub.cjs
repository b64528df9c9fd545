// Stands in for dockerode's ssh2 and gRPC dependencies in the bundled CLI (see build-cli.ts):
// any use throws, which docksnap never triggers (it does not open ssh connections or sessions).
'use strict';
module.exports = new Proxy(
  {},
  {
    get(_target, key) {
      if (key === '__esModule') return false;
      return function unavailable() {
        throw new Error(`${String(key)} is not available in the docksnap bundle`);
      };
    },
  },
);
