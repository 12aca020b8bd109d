// kubectl's YAML (go-yaml v2 through sigs.k8s.io/yaml): quoting, ordering, lists, blocks.

import { describe, expect, it } from 'vitest';
import { kubeYaml } from '../../../src/world';

describe('scalars', () => {
	it.each([
		['a plain word', 'REDIRECT', 'REDIRECT'],
		['a flag', '-p', '-p'],
		['a port list', '15090,15021,15020', '15090,15021,15020'],
		['a number as text', '15001', '"15001"'],
		['a bool as text', 'true', '"true"'],
		['a YAML 1.1 bool as text', 'on', '"on"'],
		['the empty string', '', '""'],
		['a timestamp as text', '2026-11-21T04:12:08Z', '"2026-11-21T04:12:08Z"'],
		['a star', '*', "'*'"],
		['a bracket', '[::]:9080', "'[::]:9080'"],
		['JSON', '{"a":1}', '\'{"a":1}\''],
		['a colon inside', 'productpage:app', 'productpage:app'],
		['a colon and space', 'a: b', "'a: b'"],
		['a quote inside a quoted string', "*'", "'*'''"],
		['a variable reference', '$(POD_NAMESPACE).svc.cluster.local', '$(POD_NAMESPACE).svc.cluster.local'],
	])('%s', (_, value, printed) => {
		expect(kubeYaml({ v: value })).toBe(`v: ${printed}\n`);
	});

	it('numbers, booleans and null as they are', () => {
		expect(kubeYaml({ a: 1, b: true, c: null })).toBe('a: 1\nb: true\nc: null\n');
	});
});

describe('structure', () => {
	it('sorts keys, does not indent lists under their key, and writes empty ones inline', () => {
		expect(kubeYaml({ spec: { containers: [{ name: 'x', args: ['-p', '15001'], resources: {} }], volumes: [] }, apiVersion: 'v1' })).toBe(
			['apiVersion: v1', 'spec:', '  containers:', '  - args:', '    - -p', '    - "15001"', '    name: x', '    resources: {}', '  volumes: []', ''].join('\n'),
		);
	});

	it('writes multi-line strings as literal blocks, chomped as needed', () => {
		expect(kubeYaml({ env: [{ name: 'PROXY_CONFIG', value: '{}\n' }, { name: 'PORTS', value: '[\n    {"containerPort":9080}\n]' }] })).toBe(
			['env:', '- name: PROXY_CONFIG', '  value: |', '    {}', '- name: PORTS', '  value: |-', '    [', '        {"containerPort":9080}', '    ]', ''].join('\n'),
		);
	});
});
