// Starting the Python stand-ins (standins.py) in the pods and talking to them.
//
// Each stand-in is one process whose comm and argv[0] are the name it plays ("envoy",
// "pilot-agent", "app"): we exec the Python interpreter through a symlink with that name, so
// `ss -p` shows users:(("envoy",...)) and `netstat -p` shows PID/envoy, as with the real binaries.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { createInterface } from 'node:readline';
import { inNetns, shellJoin, track } from './proc.ts';
import type { ProcessName } from './connections.ts';

export interface ListenerSpec {
  readonly name: string;
  readonly addr: string;
  readonly port: number;
  readonly kind: 'respond' | 'outbound' | 'inbound';
  readonly family?: 6;
  readonly v6only?: boolean;
  readonly transparent?: boolean;
  readonly backlog: number;
}

export interface StandinSpec {
  /** Our name for the process (the peer pod's app is "peer-app"). */
  readonly key: ProcessName;
  /** comm / argv[0] basename. */
  readonly comm: string;
  readonly netns: string;
  readonly uid: number;
  readonly gid: number;
  /** Ambient capabilities kept across the uid change (Envoy in TPROXY mode needs NET_ADMIN). */
  readonly caps: readonly string[];
  readonly config: {
    readonly name: string;
    readonly listeners: readonly ListenerSpec[];
    readonly endpoints?: Record<string, string>;
    readonly inboundSource?: string;
    readonly ownCapturePorts?: readonly number[];
  };
}

export type StandinEvent = Record<string, unknown> & { seq: number; process: string; ev: string };

export class Standin {
  readonly spec: StandinSpec;
  readonly argv: readonly string[];
  readonly events: StandinEvent[] = [];
  readonly rawLines: string[] = [];
  private readonly child: ChildProcessWithoutNullStreams;
  private nextReq = 1;
  private readonly waiters = new Map<number, (event: StandinEvent) => void>();
  private readonly watchers = new Set<(event: StandinEvent) => void>();
  private readyResolve: (() => void) | undefined;
  private readonly exited: Promise<number | null>;
  private stderr = '';

  constructor(spec: StandinSpec, workDir: string, etcDir: string) {
    this.spec = spec;
    const program = `${workDir}/bin/${spec.comm}`;
    const launch = spec.uid === 0
      ? [program]
      : [
          'setpriv', `--reuid=${spec.uid}`, `--regid=${spec.gid}`, '--clear-groups',
          ...(spec.caps.length
            ? [`--inh-caps=${spec.caps.map((c) => `+${c}`).join(',')}`,
               `--ambient-caps=${spec.caps.map((c) => `+${c}`).join(',')}`]
            : []),
          '--', program,
        ];
    this.argv = inNetns(spec.netns, etcDir, [...launch, `${workDir}/standins.py`, JSON.stringify(spec.config)]);
    const [file, ...args] = this.argv;
    // MALLOC_ARENA_MAX: with a fixed arena limit glibc does not open /sys/devices/system/cpu/online
    // when a thread first allocates, so the stand-ins' fd numbers (shown by ss -p) are stable.
    this.child = spawn(file ?? 'false', args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, MALLOC_ARENA_MAX: '1' },
    });
    track(this.child);
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
    this.child.stderr.on('data', (chunk: Buffer) => {
      this.stderr += chunk.toString('utf8');
    });
    createInterface({ input: this.child.stdout }).on('line', (line) => this.onLine(line));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Resolves once every listener is bound (the stand-in printed {"ev":"ready"}). */
  ready(timeoutMs = 10_000): Promise<void> {
    if (this.events.some((e) => e.ev === 'ready')) return Promise.resolve();
    return this.withTimeout(new Promise((resolve) => (this.readyResolve = resolve)), timeoutMs, 'ready');
  }

  /** Sends one command and waits for its reply event. */
  command(op: string, fields: Record<string, unknown> = {}, timeoutMs = 15_000): Promise<StandinEvent> {
    const req = this.nextReq++;
    const reply = new Promise<StandinEvent>((resolve) => this.waiters.set(req, resolve));
    this.child.stdin.write(`${JSON.stringify({ req, op, ...fields })}\n`);
    return this.withTimeout(reply, timeoutMs, op);
  }

  /** Calls `watcher` with every past and future event until the returned function is called. */
  watch(watcher: (event: StandinEvent) => void): () => void {
    for (const event of this.events) watcher(event);
    this.watchers.add(watcher);
    return () => this.watchers.delete(watcher);
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    this.child.stdin.write(`${JSON.stringify({ op: 'exit' })}\n`);
    const timer = setTimeout(() => this.child.kill('SIGTERM'), 3000);
    await this.exited;
    clearTimeout(timer);
  }

  /** The exact stdout lines, for the recording. */
  log(): string {
    return this.rawLines.map((line) => `${line}\n`).join('');
  }

  describe(): string {
    return shellJoin(this.argv);
  }

  private onLine(line: string): void {
    this.rawLines.push(line);
    let event: StandinEvent;
    try {
      event = JSON.parse(line) as StandinEvent;
    } catch {
      throw new Error(`${this.spec.key}: unparseable line from stand-in: ${line}`);
    }
    this.events.push(event);
    for (const watcher of this.watchers) watcher(event);
    if (event.ev === 'ready') this.readyResolve?.();
    if (event.ev === 'reply' && typeof event.req === 'number') {
      this.waiters.get(event.req)?.(event);
      this.waiters.delete(event.req);
    }
  }

  private withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`${this.spec.key}: no ${what} within ${ms} ms; stderr:\n${this.stderr}`));
      }, ms);
      this.exited.then((code) => {
        clearTimeout(timer);
        reject(new Error(`${this.spec.key} exited (code ${code}) while waiting for ${what}; stderr:\n${this.stderr}`));
      });
      promise.then((value) => {
        clearTimeout(timer);
        resolve(value);
      });
    });
  }
}
