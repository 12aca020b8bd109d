// Lesson 5, istio-init versus Istio CNI: the exercises both pages show, in page order
// (docs/lessons.md). The page has two labs, both a root shell in productpage's network namespace
// entered from the node: one in the bookinfo world (istio-init wrote the rules), one in
// bookinfo-cni (the istio-cni plugin wrote them, istio-validation checked them).

import { answerIs, answerNumber, normalize, printedBy } from '../../lessons/checks';
import { must } from '../../lessons/facts';
import { defineExercise } from '../../lessons/types';

export const INIT_LAB = { scenario: 'bookinfo', at: 'productpage-v1' } as const;
export const CNI_LAB = { scenario: 'bookinfo-cni', at: 'productpage-v1' } as const;

const POD = 'productpage-v1-54bb874995-hhx8q';
/** istio-init's arguments in the bookinfo pods (kubectl get pod -o yaml), with one outbound port excluded. */
const REGENERATE = "istio-iptables -p 15001 -z 15006 -u 1337 -m REDIRECT -i '*' -x '' -b '*' -d 15090,15021,15020 -o 3306";
/** The app (uid 1000) calling a database port behind a Service address. */
const APP_TO_3306 = 'trace --uid 1000 10.244.1.5 10.96.0.50:3306';
/** istio-validation's probe: uid 1337 dialling 127.0.0.6:15002 (the source the kernel picks is 127.0.0.1). */
const VALIDATION_PROBE = 'trace --uid 1337 127.0.0.1 127.0.0.6:15002';

/** The words of a list as typed: "NET_ADMIN, NET_RAW", "net_raw and net_admin", "NET_ADMIN、NET_RAW". */
function listOf(answer: string | undefined): string[] {
	if (answer === undefined) return [];
	return normalize(answer)
		.split(/[\s,，、;；]+|\band\b|和|与/)
		.map((w) => w.trim())
		.filter((w) => w !== '')
		.sort();
}

export const exercises = [
	defineExercise({
		id: 'init-capabilities',
		lab: INIT_LAB,
		answer: { kind: 'text' },
		facts: ({ run }) => {
			const added = run(`kubectl get pod ${POD} -o jsonpath='{.spec.initContainers[0].securityContext.capabilities.add}'`).stdout;
			const caps = JSON.parse(must(/\[[^\]]*\]/.exec(added)?.[0], "istio-init's added capabilities")) as string[];
			return { caps: caps.map((c) => c.toLowerCase()).sort().join(',') };
		},
		check: (a, f) => listOf(a.answer).join(',') === f.caps && printedBy(a, 'kubectl', /NET_ADMIN/),
		solution: { lines: [`kubectl get pod ${POD} -o jsonpath='{.spec.initContainers[0].securityContext}'`], answer: 'NET_ADMIN, NET_RAW' },
		wrong: [
			{ why: 'iptables needs both capabilities, not only NET_ADMIN', lines: [`kubectl get pod ${POD} -o yaml`], answer: 'NET_ADMIN' },
			{ why: 'ALL is what the container drops, not what it adds', lines: [`kubectl get pod ${POD} -o yaml`], answer: 'ALL' },
		],
	}),
	defineExercise({
		id: 'exclude-outbound-port',
		lab: INIT_LAB,
		facts: ({ run }) => ({
			proxyPort: Number(must(/--to-ports (\d+)/.exec(run('iptables -t nat -S ISTIO_REDIRECT').stdout)?.[1], 'the outbound capture port')),
		}),
		// A connection of the app (any uid but Envoy's) to port 3306 that a `--dport 3306` RETURN lets out.
		check: (a, f) =>
			printedBy(a, 'trace', /^tcp \S+ -> [\d.]+:3306, sent by a local process \(uid (?!1337\b)\d+[\s\S]*rule \d+: -p tcp -m tcp --dport 3306 -j RETURN\n\s+matched: RETURN/) &&
			!printedBy(a, 'trace', new RegExp(`-> [\\d.]+:3306, sent by a local process \\(uid (?!1337\\b)\\d+[\\s\\S]*delivered to 127\\.0\\.0\\.1:${f.proxyPort} `)),
		solution: { lines: ['iptables -t nat -F', 'iptables -t nat -X', REGENERATE, APP_TO_3306] },
		wrong: [
			{ why: 'the rules istio-init wrote still capture port 3306', lines: [APP_TO_3306] },
			{ why: '--dry-run only prints the rules; the pod keeps the old ones', lines: [`${REGENERATE} --dry-run`, APP_TO_3306] },
		],
	}),
	defineExercise({
		id: 'validation-probe',
		lab: CNI_LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => ({ port: Number(must(/\ndelivered to 127\.0\.0\.1:(\d+) /.exec(run(VALIDATION_PROBE).stdout)?.[1], 'where the validation probe lands')) }),
		check: (a, f) =>
			answerNumber(a) === f.port &&
			// trace prints Chinese on Chinese pages: match its addresses and both languages' words.
			printedBy(a, 'trace', new RegExp(`^tcp [\\d.]+:\\d+ -> 127\\.0\\.0\\.6:15002\\W[^\\n]*\\buid 1337\\W[\\s\\S]*\\n(?:delivered to|已送达) 127\\.0\\.0\\.1:${f.port}\\W`)),
		solution: { lines: [VALIDATION_PROBE], answer: '15006' },
		wrong: [
			{ why: 'as root the probe is not redirected at all (rule 5, the app’s RETURN on lo)', lines: ['trace 127.0.0.1 127.0.0.6:15002'], answer: '15002' },
			{ why: '15001 is the outbound port; the loopback rule for uid 1337 goes to ISTIO_IN_REDIRECT', lines: [VALIDATION_PROBE], answer: '15001' },
		],
	}),
	defineExercise({
		id: 'cni-extra-exclusion',
		lab: CNI_LAB,
		answer: { kind: 'number' },
		facts: ({ run }) => ({ port: Number(must(/^-A ISTIO_OUTPUT -p tcp -m tcp --dport (\d+) -j RETURN$/m.exec(run('iptables -t nat -S ISTIO_OUTPUT').stdout)?.[1], "the plugin's outbound exclusion")) }),
		// Seen in ISTIO_OUTPUT, in any listing: -S / iptables-save, or the chain's block of -L.
		check: (a, f) =>
			answerIs(a, f.port) &&
			(printedBy(a, 'iptables', new RegExp(`^-A ISTIO_OUTPUT -p tcp -m tcp --dport ${f.port} -j RETURN$`, 'm')) ||
				printedBy(a, 'iptables-save', new RegExp(`^-A ISTIO_OUTPUT -p tcp -m tcp --dport ${f.port} -j RETURN$`, 'm')) ||
				printedBy(a, 'iptables', new RegExp(`^Chain ISTIO_OUTPUT [^\\n]*\\n(?:(?!Chain )[^\\n]*\\n)*?[^\\n]*RETURN[^\\n]*tcp dpt:${f.port}\\b`, 'm'))),
		solution: { lines: ['iptables -t nat -S ISTIO_OUTPUT'], answer: '15020' },
		wrong: [
			{ why: '15008 is excluded from the loopback redirect in both modes', lines: ['iptables -t nat -S ISTIO_OUTPUT'], answer: '15008' },
			{ why: 'ISTIO_INBOUND excludes 15020 in both modes; the question is about ISTIO_OUTPUT', lines: ['iptables -t nat -S ISTIO_INBOUND'], answer: '15020' },
		],
	}),
];
