import { describe, expect, it } from 'vitest';
import { ports, sockets } from '../../../src/data/ports';

// The ports page's anchors are public URLs: they must be unique, well formed and never removed.
const PUBLISHED_ANCHORS = [
	'port-15000', 'port-15001', 'port-15002', 'port-15004', 'port-15006', 'port-15008', 'port-15009',
	'port-15020', 'port-15021', 'port-15053', 'port-15090', 'addr-127-0-0-6', 'port-443', 'port-8080',
	'port-15010', 'port-15011', 'port-15012', 'port-15014', 'port-15017', 'port-15443',
	'socket-xds', 'socket-sds', 'socket-workload-sds', 'socket-credential',
];

describe('ports reference data', () => {
	const all = [...ports, ...sockets];

	it('keeps every published anchor', () => {
		const ids = all.map((entry) => entry.id);
		expect(ids.filter((id) => !PUBLISHED_ANCHORS.includes(id))).toEqual([]);
		expect(PUBLISHED_ANCHORS.filter((id) => !ids.includes(id))).toEqual([]);
	});

	it('has unique anchors', () => {
		const ids = all.map((entry) => entry.id);
		expect(new Set(ids).size).toBe(ids.length);
	});

	it('names each port row after its port', () => {
		for (const entry of ports) {
			const expected = /^\d+$/.test(entry.port) ? `port-${entry.port}` : `addr-${entry.port.replace(/\./g, '-')}`;
			expect(entry.id).toBe(expected);
		}
	});

	it('says everything in both languages, the Chinese actually in Chinese', () => {
		for (const entry of all) {
			expect(entry.purpose.en.length).toBeGreaterThan(20);
			expect(entry.purpose.zh).toMatch(/[\u4e00-\u9fff]/);
		}
		for (const entry of ports) {
			if (entry.notes) expect(entry.notes.zh).toMatch(/[\u4e00-\u9fff]/);
		}
	});

	it('lists every sidecar port the course teaches', () => {
		const sidecar = ports.filter((p) => p.plane === 'sidecar').map((p) => p.port);
		expect(sidecar).toEqual(expect.arrayContaining(['15000', '15001', '15004', '15006', '15008', '15020', '15021', '15053', '15090']));
		const control = ports.filter((p) => p.plane === 'control').map((p) => p.port);
		expect(control).toEqual(expect.arrayContaining(['15010', '15012', '15014', '15017', '443', '8080']));
	});
});
