// Running processes: one-shot commands (output kept as raw bytes, never decoded or trimmed,
// because the recordings must be byte-exact) and the wrapper that runs a command inside one of
// our network namespaces with a private /etc.
import { spawn, spawnSync } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';

export interface RunResult {
  readonly stdout: Buffer;
  readonly stderr: Buffer;
  /** null when the process was ended by a signal. */
  readonly exitCode: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface RunOptions {
  /** Bytes written to the child's stdin (stdin is closed afterwards). */
  readonly input?: Buffer | string;
  readonly timeoutMs?: number;
}

/** Every child we start is tracked by PID so cleanup can end exactly those processes. */
const started = new Set<number>();

export function trackedPids(): number[] {
  return [...started];
}

export function track(child: ChildProcess): void {
  const pid = child.pid;
  if (pid === undefined) return;
  started.add(pid);
  child.once('exit', () => started.delete(pid));
}

export function run(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('run: empty argv');
  return new Promise((resolve, reject) => {
    const child = spawn(file, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(child);
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ stdout: Buffer.concat(out), stderr: Buffer.concat(err), exitCode: code, signal });
    });
    child.stdin.on('error', () => undefined); // a child that exits early closes the pipe
    child.stdin.end(options.input ?? '');
  });
}

/** Runs a setup command that must succeed; the error names the command and its stderr. */
export async function must(argv: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  const result = await run(argv, options);
  if (result.exitCode !== 0) {
    throw new Error(
      `command failed (exit ${result.exitCode ?? result.signal}): ${shellJoin(argv)}\n` +
        result.stderr.toString('utf8'),
    );
  }
  return result;
}

/** SIGTERM, up to 1 s to exit, then SIGKILL; only for PIDs this recorder started. Synchronous. */
export function endProcesses(pids: readonly number[]): void {
  for (const pid of pids) signal(pid, 'SIGTERM');
  for (let i = 0; i < 20 && pids.some(alive); i++) spawnSync('sleep', ['0.05']);
  for (const pid of pids.filter(alive)) signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // already gone
  }
}

/** Running and not a zombie (an exited child we have not reaped yet counts as gone). */
function alive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function runSync(argv: readonly string[]): { exitCode: number | null; stdout: string; stderr: string } {
  const [file, ...args] = argv;
  if (file === undefined) throw new Error('runSync: empty argv');
  const result = spawnSync(file, args, { encoding: 'utf8', timeout: 15_000 });
  return { exitCode: result.status, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** Quote an argv for display the way a shell user would type it. */
export function shellJoin(argv: readonly string[]): string {
  return argv
    .map((arg) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replaceAll("'", `'\\''`)}'`))
    .join(' ');
}

/**
 * Files bind-mounted over /etc inside a private mount namespace for every command we run in a
 * pod: a passwd/group that knows istio-proxy (uid/gid 1337) so `iptables -L` without -n prints
 * `owner UID match istio-proxy`, a kubelet-style hosts file, and an nsswitch.conf with
 * `hosts: files` so no command without -n can ever send a DNS query.
 */
export const ETC_FILES = ['passwd', 'group', 'hosts', 'nsswitch.conf', 'resolv.conf'] as const;

const BIND_SCRIPT =
  'd="$1"; shift; ' +
  `for f in ${ETC_FILES.join(' ')}; do ` +
  'if [ -e "/etc/$f" ]; then mount --bind "$d/$f" "/etc/$f" || exit 125; fi; done; ' +
  'while [ "$1" != "--" ]; do mount --bind "$1" "$2" || exit 125; shift 2; done; shift; ' +
  'exec "$@"';

/** An extra bind mount [source, target] for the private mount namespace. */
export type Bind = readonly [string, string];

/**
 * argv that runs `command` in netns `netns` with `etcDir` bind-mounted over the /etc files, plus
 * `binds` (used to make plain `iptables` the legacy backend, see backend.ts).
 */
export function inNetns(netns: string, etcDir: string, command: readonly string[], binds: readonly Bind[] = []): string[] {
  return [
    'nsenter', `--net=/run/netns/${netns}`, '--',
    'unshare', '--mount', '--propagation', 'private', '--',
    '/bin/sh', '-c', BIND_SCRIPT, 'sh', etcDir, ...binds.flat(), '--',
    ...command,
  ];
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
