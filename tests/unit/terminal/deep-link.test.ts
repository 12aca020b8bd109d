// `?run=` links: text only, bounded, in order; and the links a page can make.

import { describe, expect, it } from 'vitest';
import { commandsFromSearch, linkWithCommands, MAX_LINK_COMMANDS, MAX_LINK_LENGTH } from '../../../src/terminal';

describe('commandsFromSearch', () => {
	it.each([
		{ name: 'none', search: '', commands: [], dropped: 0 },
		{ name: 'one, with or without ?', search: 'run=iptables%20-t%20nat%20-S', commands: ['iptables -t nat -S'], dropped: 0 },
		{ name: 'repeatable, in order', search: '?run=ss+-tlnp&lang=zh&run=iptables-save', commands: ['ss -tlnp', 'iptables-save'], dropped: 0 },
		{ name: 'HTML stays text', search: '?run=echo%20%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', commands: ['echo <img src=x onerror=alert(1)>'], dropped: 0 },
		{ name: 'escape sequences lose their ESC', search: '?run=echo%20%1B%5D52%3Bc%3BeA%3D%3D%07hi', commands: ['echo ]52;c;eA==hi'], dropped: 0 },
		{ name: 'newlines split commands', search: '?run=echo%201%0Aecho%202%0D%0A', commands: ['echo 1', 'echo 2'], dropped: 0 },
		{ name: 'blank ones are skipped', search: '?run=&run=%20%20&run=ls', commands: ['ls'], dropped: 0 },
		{ name: 'other parameters are ignored', search: '?q=run&runx=ls', commands: [], dropped: 0 },
		{ name: 'malformed percent escapes do not throw', search: '?run=%E0%A4%A', commands: ['\ufffd%A'], dropped: 0 },
	])('$name', ({ search, commands, dropped }) => {
		expect(commandsFromSearch(search)).toEqual({ commands, dropped });
	});

	it(`keeps at most ${MAX_LINK_COMMANDS} commands of at most ${MAX_LINK_LENGTH} characters`, () => {
		const many = Array.from({ length: 25 }, (_, i) => `run=echo+${i}`).join('&');
		const long = `run=${'x'.repeat(MAX_LINK_LENGTH + 1)}`;
		const r = commandsFromSearch(`?${long}&${many}`);
		expect(r.commands).toEqual(Array.from({ length: MAX_LINK_COMMANDS }, (_, i) => `echo ${i}`));
		expect(r.dropped).toBe(6);
	});

	it('linkWithCommands round-trips', () => {
		const url = linkWithCommands('https://example.com/zh/guide/?run=old#lab', ['iptables -t nat -S', 'echo "a&b"']);
		expect(url).toBe('https://example.com/zh/guide/?run=iptables+-t+nat+-S&run=echo+%22a%26b%22#lab');
		expect(commandsFromSearch(new URL(url).search).commands).toEqual(['iptables -t nat -S', 'echo "a&b"']);
	});
});
