// `kubectl describe pod` (kubectl v1.32, pkg/describe/describe.go describePod), rendered from
// the pod's manifest through Go's tabwriter (minwidth 0, padding 2) exactly as kubectl's
// tabbedString does. Checked against kubectl 1.32.4 describing every pod of the three bookinfo
// scenarios (tests/unit/commands/recorded/kubectl/describe/).
//
// Events: the API server keeps events for an hour (--event-ttl=1h); every pod of the shipped
// scenarios is older than that at the scenarios' moment, so kubectl finds none, and the world
// models no newer ones.

import { describeContainers, type Write } from './describe-containers';
import { arr, byteOrder, has, num, obj, str, strMap, type Obj } from './object';
import { tabwrite } from './tabwriter';
import { rfc1123z } from './time';

const MAX_ANNOTATION_LEN = 140;

function volumeSource(w: Write, v: Obj): void {
	if (has(v, 'hostPath')) {
		const h = obj(v.hostPath);
		w(2, `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(h.path)}\n    HostPathType:\t${has(h, 'type') ? str(h.type) : '<none>'}\n`);
	} else if (has(v, 'emptyDir')) {
		const e = obj(v.emptyDir);
		w(2, `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(e.medium)}\n    SizeLimit:\t${str(e.sizeLimit) || '<unset>'}\n`);
	} else if (has(v, 'secret')) {
		const s = obj(v.secret);
		w(2, `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(s.secretName)}\n    Optional:\t${s.optional === true}\n`);
	} else if (has(v, 'configMap')) {
		const c = obj(v.configMap);
		w(2, `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(c.name)}\n    Optional:\t${c.optional === true}\n`);
	} else if (has(v, 'downwardAPI')) {
		w(2, `Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n`);
		for (const item of arr(obj(v.downwardAPI).items).map(obj)) {
			if (has(item, 'fieldRef')) w(3, `${str(obj(item.fieldRef).fieldPath)} -> ${str(item.path)}\n`);
			if (has(item, 'resourceFieldRef')) w(3, `${str(obj(item.resourceFieldRef).resource)} -> ${str(item.path)}\n`);
		}
	} else if (has(v, 'projected')) {
		w(2, `Type:\tProjected (a volume that contains injected data from multiple sources)\n`);
		for (const s of arr(obj(v.projected).sources).map(obj)) {
			// Optional is a *bool printed with %v: `<nil>` when unset.
			const optional = (o: Obj): string => (has(o, 'optional') ? String(o.optional) : '<nil>');
			if (has(s, 'secret')) w(2, `SecretName:\t${str(obj(s.secret).name)}\n    SecretOptionalName:\t${optional(obj(s.secret))}\n`);
			else if (has(s, 'downwardAPI')) w(2, `DownwardAPI:\ttrue\n`);
			else if (has(s, 'configMap')) w(2, `ConfigMapName:\t${str(obj(s.configMap).name)}\n    ConfigMapOptional:\t${optional(obj(s.configMap))}\n`);
			else if (has(s, 'serviceAccountToken')) w(2, `TokenExpirationSeconds:\t${num(obj(s.serviceAccountToken).expirationSeconds)}\n`);
		}
	} else if (has(v, 'persistentVolumeClaim')) {
		const p = obj(v.persistentVolumeClaim);
		w(2, `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${str(p.claimName)}\n    ReadOnly:\t${p.readOnly === true}\n`);
	} else w(2, `<unknown>\n`);
}

/** qos.GetPodQOS: the class the status records, else computed from cpu and memory requests and limits. */
function qosClass(pod: Obj): string {
	const recorded = str(obj(pod.status).qosClass);
	if (recorded !== '') return recorded;
	const spec = obj(pod.spec);
	const all = [...arr(spec.initContainers), ...arr(spec.containers)].map((c) => obj(obj(c).resources));
	let any = false;
	let guaranteed = true;
	for (const r of all) {
		const req = obj(r.requests);
		const lim = obj(r.limits);
		for (const k of ['cpu', 'memory']) {
			if (has(req, k) || has(lim, k)) any = true;
			if (!has(lim, k) || (has(req, k) && str(req[k]) !== str(lim[k]))) guaranteed = false;
		}
	}
	if (!any) return 'BestEffort';
	return guaranteed ? 'Guaranteed' : 'Burstable';
}

function labels(w: Write, title: string, map: Record<string, string>): void {
	const keys = Object.keys(map).sort(byteOrder);
	if (keys.length === 0) {
		w(0, `${title}:\t<none>\n`);
		return;
	}
	keys.forEach((k, i) => w(0, `${i === 0 ? `${title}:` : ''}\t${k}=${map[k] ?? ''}\n`));
}

function annotations(w: Write, map: Record<string, string>): void {
	const keys = Object.keys(map)
		.filter((k) => k !== 'kubectl.kubernetes.io/last-applied-configuration')
		.sort(byteOrder);
	if (keys.length === 0) {
		w(0, 'Annotations:\t<none>\n');
		return;
	}
	let head = 'Annotations:';
	for (const key of keys) {
		const value = (map[key] ?? '').replace(/\n$/, '');
		if (value.length + key.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
			w(0, `${head}\t${key}:\n`);
			for (const s of value.split('\n')) w(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
		} else w(0, `${head}\t${key}: ${value}\n`);
		head = '';
	}
}

function tolerations(w: Write, list: readonly Obj[]): void {
	if (list.length === 0) {
		w(0, 'Tolerations:\t<none>\n');
		return;
	}
	// sort.Slice by key; on slices this short Go's sort is an insertion sort, hence stable.
	const sorted = [...list].sort((a, b) => byteOrder(str(a.key), str(b.key)));
	sorted.forEach((t, i) => {
		let s = str(t.key);
		if (str(t.value) !== '') s += `=${str(t.value)}`;
		if (str(t.effect) !== '') s += `:${str(t.effect)}`;
		if (str(t.operator) === 'Exists' && str(t.value) === '') s += str(t.key) !== '' || str(t.effect) !== '' ? ' op=Exists' : 'op=Exists';
		if (has(t, 'tolerationSeconds')) s += ` for ${num(t.tolerationSeconds)}s`;
		w(0, `${i === 0 ? 'Tolerations:' : ''}\t${s}\n`);
	});
}

export function describePod(pod: Obj): string {
	let text = '';
	const w: Write = (level, s) => {
		text += '  '.repeat(level) + s;
	};
	const meta = obj(pod.metadata);
	const spec = obj(pod.spec);
	const st = obj(pod.status);
	w(0, `Name:\t${str(meta.name)}\n`);
	w(0, `Namespace:\t${str(meta.namespace)}\n`);
	if (has(spec, 'priority')) w(0, `Priority:\t${num(spec.priority)}\n`);
	if (str(spec.priorityClassName) !== '') w(0, `Priority Class Name:\t${str(spec.priorityClassName)}\n`);
	if (str(spec.runtimeClassName) !== '') w(0, `Runtime Class Name:\t${str(spec.runtimeClassName)}\n`);
	if (str(spec.serviceAccountName) !== '') w(0, `Service Account:\t${str(spec.serviceAccountName)}\n`);
	w(0, str(spec.nodeName) === '' ? 'Node:\t<none>\n' : `Node:\t${str(spec.nodeName)}/${str(st.hostIP)}\n`);
	if (has(st, 'startTime')) w(0, `Start Time:\t${rfc1123z(Date.parse(str(st.startTime)))}\n`);
	labels(w, 'Labels', strMap(meta.labels));
	annotations(w, strMap(meta.annotations));
	w(0, `Status:\t${str(st.phase)}\n`);
	if (str(st.reason) !== '') w(0, `Reason:\t${str(st.reason)}\n`);
	if (str(st.message) !== '') w(0, `Message:\t${str(st.message)}\n`);
	w(0, `IP:\t${str(st.podIP)}\n`);
	const ips = arr(st.podIPs).map(obj);
	if (ips.length === 0) w(0, 'IPs:\t<none>\n');
	else {
		w(0, 'IPs:\n');
		for (const ip of ips) w(1, `IP:\t${str(ip.ip)}\n`);
	}
	const owner = arr(meta.ownerReferences).map(obj).find((r) => r.controller === true);
	if (owner !== undefined) w(0, `Controlled By:\t${str(owner.kind)}/${str(owner.name)}\n`);
	if (str(st.nominatedNodeName) !== '') w(0, `NominatedNodeName:\t${str(st.nominatedNodeName)}\n`);
	const init = arr(spec.initContainers).map(obj);
	if (init.length > 0) describeContainers(w, 'Init Containers', init, arr(st.initContainerStatuses).map(obj), pod);
	describeContainers(w, 'Containers', arr(spec.containers).map(obj), arr(st.containerStatuses).map(obj), pod);
	const conditions = arr(st.conditions).map(obj);
	if (conditions.length > 0) {
		w(0, 'Conditions:\n  Type\tStatus\n');
		for (const c of conditions) w(1, `${str(c.type)} \t${str(c.status)} \n`);
	}
	const volumes = arr(spec.volumes).map(obj);
	if (volumes.length === 0) w(0, 'Volumes:\t<none>\n');
	else {
		w(0, 'Volumes:\n');
		for (const v of volumes) {
			w(1, `${str(v.name)}:\n`);
			volumeSource(w, v);
		}
	}
	w(0, `QoS Class:\t${qosClass(pod)}\n`);
	labels(w, 'Node-Selectors', strMap(spec.nodeSelector));
	tolerations(w, arr(spec.tolerations).map(obj));
	w(0, 'Events:\t<none>\n');
	return tabwrite(text, { minwidth: 0, padding: 2 });
}
