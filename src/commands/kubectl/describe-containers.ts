// The containers part of `kubectl describe pod` (k8s.io/kubectl v0.32 pkg/describe/describe.go:
// describeContainers and the functions it calls), writing tab-separated lines for the tabwriter.

import { arr, byteOrder, has, num, obj, str, type Obj } from './object';
import { rfc1123z } from './time';

export type Write = (level: number, text: string) => void;

/** Resource names in the order SortedResourceNames gives (byte order). */
function resources(w: Write, level: number, res: Obj): void {
	for (const kind of ['limits', 'requests']) {
		const list = obj(res[kind]);
		const names = Object.keys(list).sort(byteOrder);
		if (names.length === 0) continue;
		w(level, `${kind === 'limits' ? 'Limits' : 'Requests'}:\n`);
		for (const n of names) w(level + 1, `${n}:\t${str(list[n])}\n`);
	}
}

function status(w: Write, name: string, state: Obj): void {
	const running = obj(state.running);
	const waiting = obj(state.waiting);
	const terminated = obj(state.terminated);
	if (has(state, 'running')) {
		w(2, `${name}:\tRunning\n`);
		w(3, `Started:\t${rfc1123z(Date.parse(str(running.startedAt)))}\n`);
	} else if (has(state, 'waiting')) {
		w(2, `${name}:\tWaiting\n`);
		if (str(waiting.reason) !== '') w(3, `Reason:\t${str(waiting.reason)}\n`);
	} else if (has(state, 'terminated')) {
		w(2, `${name}:\tTerminated\n`);
		if (str(terminated.reason) !== '') w(3, `Reason:\t${str(terminated.reason)}\n`);
		if (str(terminated.message) !== '') w(3, `Message:\t${str(terminated.message)}\n`);
		w(3, `Exit Code:\t${num(terminated.exitCode)}\n`);
		if (num(terminated.signal) > 0) w(3, `Signal:\t${num(terminated.signal)}\n`);
		w(3, `Started:\t${rfc1123z(Date.parse(str(terminated.startedAt)))}\n`);
		w(3, `Finished:\t${rfc1123z(Date.parse(str(terminated.finishedAt)))}\n`);
	} else w(2, `${name}:\tWaiting\n`);
}

/** DescribeProbe: `http-get http://:15021/healthz/ready delay=0s timeout=3s period=15s #success=1 #failure=4`. */
function probe(p: Obj): string {
	const attrs = `delay=${num(p.initialDelaySeconds)}s timeout=${num(p.timeoutSeconds)}s period=${num(p.periodSeconds)}s #success=${num(p.successThreshold)} #failure=${num(p.failureThreshold)}`;
	if (has(p, 'exec')) return `exec [${arr(obj(p.exec).command).map(str).join(' ')}] ${attrs}`;
	if (has(p, 'httpGet')) {
		const g = obj(p.httpGet);
		const host = str(g.host);
		const port = str(g.port);
		const hostPort = port === '' ? host : `${host.includes(':') ? `[${host}]` : host}:${port}`;
		return `http-get ${str(g.scheme).toLowerCase() || ''}${str(g.scheme) !== '' ? '://' : '//'}${hostPort}${str(g.path)} ${attrs}`;
	}
	if (has(p, 'tcpSocket')) return `tcp-socket ${str(obj(p.tcpSocket).host)}:${str(obj(p.tcpSocket).port)} ${attrs}`;
	if (has(p, 'grpc')) return `grpc <pod>:${num(obj(p.grpc).port)} ${str(obj(p.grpc).service)} ${attrs}`;
	return `unknown ${attrs}`;
}

/** Quantities as the downward API resolves them: CPU rounded up to whole cores, memory in bytes. */
function resourceValue(resource: string, container: Obj): string {
	const [kind = '', name = ''] = resource.split('.');
	const q = str(obj(obj(container.resources)[kind])[name]);
	if (q === '') return '0';
	if (name === 'cpu') return String(q.endsWith('m') ? Math.ceil(Number(q.slice(0, -1)) / 1000) : Math.ceil(Number(q)));
	const m = /^(\d+)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(q);
	if (m === null) return q;
	const unit: Record<string, number> = { Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, k: 1e3, M: 1e6, G: 1e9, T: 1e12 };
	return String(Number(m[1]) * (unit[m[2] ?? ''] ?? 1));
}

/** EnvValueRetriever: only metadata fields resolve (ExtractFieldPathAsString); others print empty. */
function fieldValue(pod: Obj, path: string): string {
	const meta = obj(pod.metadata);
	if (path === 'metadata.name' || path === 'metadata.namespace' || path === 'metadata.uid') return str(meta[path.slice(9)]);
	const m = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
	return m === null ? '' : str(obj(meta[m[1] ?? ''])[m[2] ?? '']);
}

function env(w: Write, c: Obj, pod: Obj): void {
	const list = arr(c.env).map(obj);
	w(2, `Environment:${list.length === 0 ? '\t<none>' : ''}\n`);
	for (const e of list) {
		const name = str(e.name);
		if (!has(e, 'valueFrom')) {
			str(e.value)
				.split('\n')
				.forEach((s, i) => w(3, i === 0 ? `${name}:\t${s}\n` : `\t${s}\n`));
			continue;
		}
		const from = obj(e.valueFrom);
		if (has(from, 'fieldRef')) {
			const f = obj(from.fieldRef);
			w(3, `${name}:\t${fieldValue(pod, str(f.fieldPath))} (${str(f.apiVersion)}:${str(f.fieldPath)})\n`);
		} else if (has(from, 'resourceFieldRef')) {
			const resource = str(obj(from.resourceFieldRef).resource);
			let v = resourceValue(resource, c);
			if (v === '0' && (resource === 'limits.cpu' || resource === 'limits.memory')) v = 'node allocatable';
			w(3, `${name}:\t${v} (${resource})\n`);
		} else if (has(from, 'secretKeyRef')) {
			const s = obj(from.secretKeyRef);
			w(3, `${name}:\t<set to the key '${str(s.key)}' in secret '${str(s.name)}'>\tOptional: ${s.optional === true}\n`);
		} else if (has(from, 'configMapKeyRef')) {
			const s = obj(from.configMapKeyRef);
			w(3, `${name}:\t<set to the key '${str(s.key)}' of config map '${str(s.name)}'>\tOptional: ${s.optional === true}\n`);
		}
	}
}

function mounts(w: Write, c: Obj): void {
	const list = arr(c.volumeMounts).map(obj);
	w(2, `Mounts:${list.length === 0 ? '\t<none>' : ''}\n`);
	for (const m of [...list].sort((a, b) => byteOrder(str(a.mountPath), str(b.mountPath)))) {
		const flags = [m.readOnly === true ? 'ro' : 'rw', ...(str(m.subPath) !== '' ? [`path=${JSON.stringify(str(m.subPath))}`] : [])];
		w(3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
	}
}

export function describeContainers(w: Write, label: string, containers: readonly Obj[], statuses: readonly Obj[], pod: Obj): void {
	w(0, `${label}:${containers.length === 0 ? ' <none>' : ''}\n`);
	for (const c of containers) {
		const st = statuses.find((s) => str(s.name) === str(c.name));
		w(1, `${str(c.name)}:\n`);
		if (st !== undefined) w(2, `Container ID:\t${str(st.containerID)}\n`);
		w(2, `Image:\t${str(c.image)}\n`);
		if (st !== undefined) w(2, `Image ID:\t${str(st.imageID)}\n`);
		const ports = arr(c.ports).map(obj);
		const p = ports.map((x) => `${num(x.containerPort)}/${str(x.protocol)}`).join(', ');
		const hp = ports.map((x) => `${num(x.hostPort)}/${str(x.protocol)}`).join(', ');
		w(2, p.includes(',') ? `Ports:\t${p}\n` : `Port:\t${p || '<none>'}\n`);
		w(2, hp.includes(',') ? `Host Ports:\t${hp}\n` : `Host Port:\t${hp || '<none>'}\n`);
		for (const [key, title] of [['command', 'Command'], ['args', 'Args']] as const) {
			const words = arr(c[key]).map(str);
			if (words.length === 0) continue;
			w(2, `${title}:\n`);
			for (const word of words) for (const s of word.split('\n')) w(3, `${s}\n`);
		}
		if (st !== undefined) {
			status(w, 'State', obj(st.state));
			if (has(obj(st.lastState), 'terminated')) status(w, 'Last State', obj(st.lastState));
			w(2, `Ready:\t${st.ready === true ? 'True' : 'False'}\n`);
			w(2, `Restart Count:\t${num(st.restartCount)}\n`);
		}
		resources(w, 2, obj(c.resources));
		if (has(c, 'livenessProbe')) w(2, `Liveness:\t${probe(obj(c.livenessProbe))}\n`);
		if (has(c, 'readinessProbe')) w(2, `Readiness:\t${probe(obj(c.readinessProbe))}\n`);
		if (has(c, 'startupProbe')) w(2, `Startup:\t${probe(obj(c.startupProbe))}\n`);
		env(w, c, pod);
		mounts(w, c);
	}
}
