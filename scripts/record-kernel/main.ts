// Entry point of the kernel recorder: `npm run record:kernel` runs
//   node scripts/record-kernel/main.ts [--case <name>]... [--check-only]
// It records the real kernel, iptables, iproute2, conntrack and tcpdump in network namespaces
// (all named slrec-*) into tests/conformance/recordings/<case>/ and then checks the recordings
// against /work/shared/reference/kernel-notes.md-style facts (check.ts).
//
// Safety: traffic only flows between namespaces this script creates; the host namespace's
// iptables, routes and /etc are never touched (private mount namespaces for /etc). Everything is
// removed on every exit path: normal end, error, SIGINT/SIGTERM/SIGHUP, and at the start of the
// next run (stale slrec-* namespaces from an aborted run).
import { chmodSync, copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES } from './cases.ts';
import { KP_CASE, recordKubeProxy } from './kube-proxy.ts';
import { runChecks } from './check.ts';
import { preflight } from './preflight.ts';
import { endProcesses, ETC_FILES, trackedPids } from './proc.ts';
import { toolVersions, writeReadme } from './readme.ts';
import { recordCase } from './session.ts';
import { etcFiles, NODE, PEER, removeNamespaces, SIDECAR } from './topology.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = resolve(HERE, '..', '..');
const RECORDINGS = join(REPO_ROOT, 'tests', 'conformance', 'recordings');
const WORK_DIR = '/tmp/slrec-run';
const LOCK_FILE = '/tmp/slrec-recorder.pid';

const log = (line: string): void => console.log(line);

function parseArgs(argv: readonly string[]): { cases: string[]; checkOnly: boolean } {
  const cases: string[] = [];
  let checkOnly = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--case' && argv[i + 1]) cases.push(argv[++i] ?? '');
    else if (arg === '--check-only') checkOnly = true;
    else {
      console.error(`record-kernel: unknown argument ${JSON.stringify(arg)}\n` +
        `usage: node scripts/record-kernel/main.ts [--case ${[...CASES.map((c) => c.name), KP_CASE].join('|')}]... [--check-only]`);
      process.exit(2);
    }
  }
  const unknown = cases.filter((name) => name !== KP_CASE && !CASES.some((c) => c.name === name));
  if (unknown.length) {
    console.error(`record-kernel: unknown case ${unknown.join(', ')}; known: ${[...CASES.map((c) => c.name), KP_CASE].join(', ')}`);
    process.exit(2);
  }
  return { cases, checkOnly };
}

/** Refuses to run next to another live recorder; takes over a lock left by a dead one. */
function acquireLock(): void {
  if (existsSync(LOCK_FILE)) {
    const pid = Number(readFileSync(LOCK_FILE, 'utf8').trim());
    let cmdline = '';
    try {
      cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
    } catch {
      // not running
    }
    if (pid !== process.pid && cmdline.includes('record-kernel')) {
      console.error(`record-kernel: another recording is running (pid ${pid}); wait for it to finish`);
      process.exit(1);
    }
  }
  writeFileSync(LOCK_FILE, `${process.pid}\n`);
  lockHeld = true;
}

let lockHeld = false;
let cleanedUp = false;

/** Synchronous so it can run from signal handlers and process 'exit'. Idempotent. */
function cleanup(): void {
  if (cleanedUp || !lockHeld) return;
  cleanedUp = true;
  endProcesses(trackedPids());
  removeNamespaces(log);
  rmSync(WORK_DIR, { recursive: true, force: true });
  if (existsSync(RECORDINGS)) {
    for (const name of readdirSync(RECORDINGS)) {
      if (name.endsWith('.partial')) rmSync(join(RECORDINGS, name), { recursive: true, force: true });
    }
  }
  rmSync(LOCK_FILE, { force: true });
}

/** Interpreter symlinks named like the programs they stand in for, the script, private /etc files. */
function prepareWorkDir(python: string): void {
  rmSync(WORK_DIR, { recursive: true, force: true });
  mkdirSync(join(WORK_DIR, 'bin'), { recursive: true });
  for (const name of ['envoy', 'pilot-agent', 'app']) symlinkSync(python, join(WORK_DIR, 'bin', name));
  copyFileSync(join(HERE, 'standins.py'), join(WORK_DIR, 'standins.py'));
  const tcpdumpLine = readFileSync('/etc/passwd', 'utf8').split('\n').find((l) => l.startsWith('tcpdump:')) ?? null;
  const pods = { sidecar: SIDECAR, peer: PEER, node: { address: NODE.address, hostname: 'node' } };
  for (const [key, pod] of Object.entries(pods)) {
    const dir = join(WORK_DIR, 'etc', key);
    mkdirSync(dir, { recursive: true });
    const files = etcFiles(pod, tcpdumpLine);
    for (const file of ETC_FILES) writeFileSync(join(dir, file), files[file] ?? '');
  }
  for (const path of [WORK_DIR, join(WORK_DIR, 'bin'), join(WORK_DIR, 'etc')]) chmodSync(path, 0o755);
  chmodSync(join(WORK_DIR, 'standins.py'), 0o644);
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (args.checkOnly) return report();

  const pre = preflight();
  if (pre.errors.length > 0 || !pre.python) {
    for (const error of pre.errors) console.error(`record-kernel: ${error}`);
    return 1;
  }
  acquireLock();
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      console.error(`record-kernel: ${sig}, cleaning up`);
      cleanup();
      process.exit(128 + (sig === 'SIGINT' ? 2 : sig === 'SIGTERM' ? 15 : 1));
    });
  }
  process.on('exit', cleanup);

  const started = Date.now();
  removeNamespaces(log);
  prepareWorkDir(pre.python);
  mkdirSync(RECORDINGS, { recursive: true });
  const tools = toolVersions(pre.python);
  const selected = CASES.filter((c) => args.cases.length === 0 || args.cases.includes(c.name));
  for (const c of selected) {
    const t0 = Date.now();
    log(`recording ${c.name}: ${c.title}`);
    await recordCase(c, { repoRoot: REPO_ROOT, workDir: WORK_DIR, recordingsDir: RECORDINGS, tools, log });
    log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s -> ${join('tests/conformance/recordings', c.name)}`);
  }
  // The node-rules case has its own topology (kube-proxy.ts); it runs after the sidecar cases.
  if (args.cases.length === 0 || args.cases.includes(KP_CASE)) {
    const t0 = Date.now();
    log(`recording ${KP_CASE}: the kind worker's kube-proxy and flannel rules, ClusterIP connections`);
    await recordKubeProxy({ repoRoot: REPO_ROOT, recordingsDir: RECORDINGS, log });
    log(`  done in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  writeReadme(RECORDINGS, tools);
  cleanup();
  log(`recorded ${selected.length + (args.cases.length === 0 || args.cases.includes(KP_CASE) ? 1 : 0)} case(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return report();
}

function report(): number {
  const failures = runChecks(RECORDINGS, log);
  if (failures > 0) {
    console.error(`record-kernel: ${failures} check(s) disagree with the expected kernel facts (recordings were written)`);
    return 1;
  }
  return 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(`record-kernel: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    cleanup();
    process.exitCode = 1;
  },
);
