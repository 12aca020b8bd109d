// Writes one case's recording: every command's stdout byte for byte (and stderr when there is
// any) plus index.json, which says for each file exactly how and when it was produced.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { inNetns, run, shellJoin } from './proc.ts';
import type { Bind, RunOptions, RunResult } from './proc.ts';
import { NODE, PEER, SIDECAR } from './topology.ts';

export type PodKey = 'sidecar' | 'peer' | 'node';

export const NETNS: Record<PodKey, string> = {
  sidecar: SIDECAR.netns,
  peer: PEER.netns,
  node: NODE.netns,
};

export interface IndexEntry {
  /** stdout, relative to the case folder (always written, even when empty). */
  readonly file: string;
  /** stderr, relative to the case folder; null when the command wrote nothing to stderr. */
  readonly stderrFile: string | null;
  readonly phase: string;
  /** The tool's argv as a user would type it inside the pod. */
  readonly command: readonly string[];
  readonly commandLine: string;
  /** File fed to stdin (repository-relative), if any. */
  readonly stdin: string | null;
  readonly netns: string;
  readonly pod: PodKey;
  readonly uid: number;
  readonly gid: number;
  /** Full argv actually spawned (namespace entry and private /etc bind mounts). */
  readonly wrappedCommand: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly stdoutBytes: number;
  readonly stderrBytes: number;
  /** Connections (ids) whose request/response had completed before this command ran. */
  readonly connectionsBefore: readonly string[];
  /** Connections (ids) that had been closed before this command ran. */
  readonly closedBefore: readonly string[];
  /** For captures: connections opened and closed while the capture ran (their whole lifetime). */
  readonly during?: readonly string[];
  readonly note?: string;
}

export interface ExecOptions extends RunOptions {
  /** Repository-relative path of the file given as input (recorded in the index). */
  readonly stdinFile?: string;
  readonly note?: string;
  /** Long-running commands (captures): state when they started, and what happened meanwhile. */
  readonly startedWith?: { readonly opened: readonly string[]; readonly closed: readonly string[] };
}

export class Recorder {
  readonly dir: string;
  readonly workDir: string;
  readonly entries: IndexEntry[] = [];
  readonly opened: string[] = [];
  readonly closed: string[] = [];
  /** Bind mounts selecting the iptables backend (backend.ts), applied to every command. */
  readonly binds: readonly Bind[];

  constructor(dir: string, workDir: string, binds: readonly Bind[]) {
    this.dir = dir;
    this.workDir = workDir;
    this.binds = binds;
  }

  etcDir(pod: PodKey): string {
    return `${this.workDir}/etc/${pod}`;
  }

  async write(rel: string, content: string | Buffer): Promise<void> {
    const path = join(this.dir, rel);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, content);
  }

  /** Runs `command` in a pod (as root, private /etc) and records its output under phase/name. */
  async exec(phase: string, name: string, pod: PodKey, command: readonly string[], options: ExecOptions = {}): Promise<RunResult> {
    const argv = inNetns(NETNS[pod], this.etcDir(pod), command, this.binds);
    const result = await run(argv, options);
    await this.recordResult(phase, name, pod, command, argv, result, options);
    return result;
  }

  async recordResult(
    phase: string, name: string, pod: PodKey, command: readonly string[], argv: readonly string[],
    result: RunResult, options: ExecOptions = {},
  ): Promise<void> {
    const file = `${phase}/${name}.txt`;
    const stderrFile = result.stderr.length > 0 ? `${phase}/${name}.stderr.txt` : null;
    await this.write(file, result.stdout);
    if (stderrFile) await this.write(stderrFile, result.stderr);
    this.entries.push({
      file,
      stderrFile,
      phase,
      command: [...command],
      commandLine: shellJoin(command) + (options.stdinFile ? ` < ${options.stdinFile}` : ''),
      stdin: options.stdinFile ?? null,
      netns: NETNS[pod],
      pod,
      uid: 0,
      gid: 0,
      wrappedCommand: shellJoin(argv),
      exitCode: result.exitCode,
      signal: result.signal,
      stdoutBytes: result.stdout.length,
      stderrBytes: result.stderr.length,
      connectionsBefore: [...(options.startedWith?.opened ?? this.opened)],
      closedBefore: [...(options.startedWith?.closed ?? this.closed)],
      ...(options.startedWith
        ? { during: this.opened.filter((id) => !options.startedWith?.opened.includes(id)) }
        : {}),
      ...(options.note ? { note: options.note } : {}),
    });
  }
}
