// Packet captures in the sidecar pod: `tcpdump -l -U -n -i <dev>`, stopped with SIGINT by PID so
// tcpdump prints its statistics on stderr, exactly as after Ctrl-C.
import { spawn } from 'node:child_process';
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { inNetns, sleep, track } from './proc.ts';
import type { RunResult } from './proc.ts';
import type { Recorder } from './recording.ts';
import { NETNS } from './recording.ts';

export class Capture {
  readonly dev: string;
  readonly command: readonly string[];
  readonly argv: readonly string[];
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly out: Buffer[] = [];
  private readonly err: Buffer[] = [];
  private readonly done: Promise<RunResult>;

  constructor(recorder: Recorder, dev: string) {
    this.dev = dev;
    this.command = ['tcpdump', '-l', '-U', '-n', '-i', dev];
    this.argv = inNetns(NETNS.sidecar, recorder.etcDir('sidecar'), this.command, recorder.binds);
    const [file, ...args] = this.argv;
    this.child = spawn(file ?? 'false', args, { stdio: ['pipe', 'pipe', 'pipe'] });
    track(this.child);
    this.child.stdout.on('data', (chunk: Buffer) => this.out.push(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => this.err.push(chunk));
    this.done = new Promise((resolve) => {
      this.child.on('close', (exitCode, signal) => resolve({
        stdout: Buffer.concat(this.out), stderr: Buffer.concat(this.err), exitCode, signal,
      }));
    });
  }

  /** tcpdump prints "listening on <dev>, link-type ..." on stderr once the capture is open. */
  async ready(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!Buffer.concat(this.err).toString().includes('listening on')) {
      if (this.child.exitCode !== null) throw new Error(`tcpdump -i ${this.dev} exited: ${Buffer.concat(this.err)}`);
      if (Date.now() > deadline) throw new Error(`tcpdump -i ${this.dev} did not start`);
      await sleep(20);
    }
  }

  async stop(): Promise<RunResult> {
    const pid = this.child.pid;
    if (pid !== undefined && this.child.exitCode === null) process.kill(pid, 'SIGINT');
    return this.done;
  }
}
