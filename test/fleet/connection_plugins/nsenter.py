# A test-only Ansible connection: the "host" is a set of namespaces (mount, UTS, IPC, network, pid)
# held by one process on this machine, named by ansible_host (its pid). Commands run through
# nsenter into those namespaces; files move through /proc/<pid>/root, so the controller reaches
# the host's own mounts (its private /tmp and /run) and nothing else. Apache-2.0, part of docksnap.
from __future__ import annotations

DOCUMENTATION = '''
    name: nsenter
    short_description: run tasks inside the namespaces of a process on the controller (docksnap's fleet test)
    description:
        - ansible_host is the pid of a process whose mount, UTS, IPC, network and pid namespaces are the host.
    author: docksnap
    extends_documentation_fragment:
        - connection_pipelining
'''

import os
import shlex
import shutil

from ansible.errors import AnsibleConnectionFailure, AnsibleError, AnsibleFileNotFound
from ansible.plugins.connection.local import Connection as LocalConnection


class Connection(LocalConnection):
    transport = 'nsenter'

    def _pid(self):
        pid = str(self._play_context.remote_addr or '')
        if not pid.isdigit():
            raise AnsibleConnectionFailure('ansible_host must be the pid holding the namespaces, not %r' % pid)
        if not os.path.exists('/proc/%s/ns/mnt' % pid):
            raise AnsibleConnectionFailure('no process %s: the host is down' % pid)
        if os.readlink('/proc/%s/ns/mnt' % pid) == os.readlink('/proc/self/ns/mnt'):
            raise AnsibleConnectionFailure('process %s shares the controller mount namespace: not a separate host' % pid)
        return pid

    def _connect(self):
        self._pid()
        return super()._connect()

    def exec_command(self, cmd, in_data=None, sudoable=True):
        pid = self._pid()
        wrapped = 'nsenter --target %s --mount --uts --ipc --net --pid --root --wd -- /bin/sh -c %s' % (pid, shlex.quote(cmd))
        return super().exec_command(wrapped, in_data=in_data, sudoable=sudoable)

    def _inside(self, path):
        return '/proc/%s/root/%s' % (self._pid(), path.lstrip('/'))

    def _copy(self, source, target):
        if not os.path.exists(source):
            raise AnsibleFileNotFound('file does not exist: %s' % source)
        try:
            shutil.copyfile(source, target)
        except OSError as error:
            raise AnsibleError('failed to copy %s to %s: %s' % (source, target, error))

    def put_file(self, in_path, out_path):
        self._copy(in_path, self._inside(out_path))

    def fetch_file(self, in_path, out_path):
        self._copy(self._inside(in_path), out_path)
