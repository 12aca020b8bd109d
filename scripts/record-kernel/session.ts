// Records one case, always in the same order:
//   topology -> iptables-restore (+ policy routing) -> stand-ins -> 01-before snapshots
//   -> captures start -> connections c01..c13 (each request answered, socket kept open)
//   -> 02-open snapshots + topology -> connections closed c01..c13 (client side first)
//   -> captures stopped (SIGINT) -> 03-closed snapshots -> stand-ins stopped -> namespaces removed
import { readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { backendBinds } from './backend.ts';
import { Capture } from './capture.ts';
import type { CaseSpec } from './cases.ts';
import { caseDescription } from './casejson.ts';
import type { ConnectionResult } from './casejson.ts';
import { CONNECTIONS, requestFor } from './connections.ts';
import type { ProcessName } from './connections.ts';
import { standinSpecs } from './processes.ts';
import { sleep } from './proc.ts';
import { Recorder } from './recording.ts';
import { BEFORE_SNAPSHOTS, CLOSED_SNAPSHOTS, OPEN_SNAPSHOTS, TOPOLOGY_SNAPSHOTS } from './snapshots.ts';
import type { Snapshot } from './snapshots.ts';
import { Standin } from './standins.ts';
import { buildTopology, removeNamespaces } from './topology.ts';

export interface Env {
  readonly repoRoot: string;
  readonly workDir: string;
  readonly recordingsDir: string;
  /** Tool versions of this run (see readme.ts), stored in index.json. */
  readonly tools: Record<string, string>;
  readonly log: (line: string) => void;
}

/** Settling time for delayed ACKs and FIN/ACK exchanges before a snapshot or capture stop. */
const SETTLE_MS = 300;

export async function recordCase(c: CaseSpec, env: Env): Promise<void> {
  const finalDir = join(env.recordingsDir, c.name);
  const partialDir = join(env.recordingsDir, `.${c.name}.partial`);
  await rm(partialDir, { recursive: true, force: true });
  const rec = new Recorder(partialDir, env.workDir, backendBinds(c.backend));
  const standins: Standin[] = [];
  const recordedAt = new Date().toISOString();
  try {
    removeNamespaces(env.log);
    const setupCommands = await buildTopology();
    const rulesText = await readFile(join(env.repoRoot, c.rulesFile));
    const restore = await rec.exec('00-setup', 'iptables-restore', 'sidecar', ['iptables-restore', '--noflush'],
      { input: rulesText, stdinFile: c.rulesFile, note: 'how istio-iptables applies its rules' });
    if (restore.exitCode !== 0) throw new Error(`iptables-restore failed: ${restore.stderr}`);
    for (const [i, cmd] of c.podCommands.entries()) {
      const result = await rec.exec('00-setup', `pod-command-${i + 1}`, 'sidecar', cmd);
      if (result.exitCode !== 0) throw new Error(`${cmd.join(' ')} failed: ${result.stderr}`);
    }

    for (const spec of standinSpecs(c)) {
      const standin = new Standin(spec, env.workDir, rec.etcDir(spec.key === 'peer-app' ? 'peer' : 'sidecar'));
      standins.push(standin);
      await standin.ready();
    }
    const byKey = (key: ProcessName): Standin => {
      const found = standins.find((p) => p.spec.key === key);
      if (!found) throw new Error(`no stand-in ${key}`);
      return found;
    };
    const syncAll = async (): Promise<void> => {
      for (const p of standins) await p.command('ping');
    };

    await snapshots(rec, '01-before', BEFORE_SNAPSHOTS);

    const captures = ['eth0', 'lo', 'any'].map((dev) => new Capture(rec, dev));
    for (const capture of captures) await capture.ready();
    const startedWith = { opened: [...rec.opened], closed: [...rec.closed] };

    const results: ConnectionResult[] = [];
    for (const conn of CONNECTIONS) {
      const request = requestFor(conn);
      const who = byKey(conn.initiator);
      const connected = await who.command('connect', { cid: conn.id, dst: conn.dst });
      if (connected.ok !== true) throw new Error(`${conn.id} (${conn.title}) connect failed: ${JSON.stringify(connected)}`);
      // Send the request only once some stand-in has accept()ed this connection (see standins.py).
      await acceptedAnywhere(standins, String(connected.local));
      const answered = await who.command('request', { cid: conn.id, request });
      if (answered.ok !== true) throw new Error(`${conn.id} (${conn.title}) failed: ${JSON.stringify(answered)}`);
      await syncAll();
      rec.opened.push(conn.id);
      const reply = { ...answered, local: connected.local, peer: connected.peer };
      results.push({ conn, request, reply });
      env.log(`  ${conn.id} ${conn.dst.padEnd(16)} ok  ${String(reply.local)} -> ${String(reply.peer)}`);
    }
    await sleep(SETTLE_MS);

    await snapshots(rec, '02-open', OPEN_SNAPSHOTS);
    await snapshots(rec, 'topology', TOPOLOGY_SNAPSHOTS);

    for (const conn of CONNECTIONS) {
      await byKey(conn.initiator).command('close', { cid: conn.id });
      for (const p of standins) {
        const waited = await p.command('wait-closed', { cid: conn.id, timeout: 5 });
        if (waited.ok !== true) throw new Error(`${conn.id}: ${p.spec.key} did not close its sockets`);
      }
      rec.closed.push(conn.id);
    }
    await sleep(SETTLE_MS);

    for (const capture of captures) {
      const result = await capture.stop();
      await rec.recordResult('capture', `tcpdump-i-${capture.dev}`, 'sidecar', capture.command, capture.argv, result, {
        note: 'started before c01, stopped with SIGINT after every connection was closed',
        startedWith,
      });
    }

    await snapshots(rec, '03-closed', CLOSED_SNAPSHOTS);

    for (const p of [...standins].reverse()) await p.stop();
    for (const p of standins) await rec.write(`standins/${p.spec.key}.jsonl`, p.log());

    const rulesSha = await sha256(rulesText);
    const description = caseDescription(c, { setupCommands, rulesText: rulesText.toString('utf8'), rulesSha, standins, results, workDir: env.workDir });
    await rec.write('case.json', `${JSON.stringify(description, null, 2)}\n`);
    await rec.write('index.json', `${JSON.stringify({ schema: 1, case: c.name, backend: c.backend, recordedAt, tools: env.tools, files: rec.entries }, null, 2)}\n`);
  } finally {
    for (const p of standins) await p.stop().catch(() => undefined);
    removeNamespaces(env.log);
  }
  await rm(finalDir, { recursive: true, force: true });
  await rename(partialDir, finalDir);
}

/** Waits until a stand-in logs accept() of a connection from `local` (IPv4 or v4-mapped). */
function acceptedAnywhere(standins: readonly Standin[], local: string, timeoutMs = 5000): Promise<void> {
  const cut = local.lastIndexOf(':');
  const mapped = `[::ffff:${local.slice(0, cut)}]${local.slice(cut)}`;
  return new Promise((resolve, reject) => {
    const stops: (() => void)[] = [];
    let done = false;
    const finish = (error?: Error): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const stop of stops) stop();
      if (error) reject(error);
      else resolve();
    };
    const timer = setTimeout(() => finish(new Error(`no stand-in accepted the connection from ${local} within ${timeoutMs} ms`)), timeoutMs);
    for (const p of standins) {
      stops.push(p.watch((e) => {
        if (e.ev === 'tcp-accept' && (e.peer === local || e.peer === mapped)) finish();
      }));
    }
    if (done) for (const stop of stops) stop(); // matched while subscribing
  });
}

async function snapshots(rec: Recorder, phase: string, list: readonly Snapshot[]): Promise<void> {
  for (const snap of list) await rec.exec(phase, snap.name, snap.pod, snap.command);
}

async function sha256(data: Buffer): Promise<string> {
  const { createHash } = await import('node:crypto');
  return createHash('sha256').update(data).digest('hex');
}
