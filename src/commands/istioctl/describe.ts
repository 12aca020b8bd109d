// `istioctl experimental describe pod`: not simulated yet; it answers with our own message
// naming what is, rather than pretending.

import type { CommandSpecData } from './cobra';
import { AVAILABLE, notModelled } from './messages';
import type { Result } from './pc';
import type { IstioctlProvider } from './provider';

export const EXPERIMENTAL: CommandSpecData = {
	use: 'experimental',
	aliases: ['x', 'exp'],
	short: 'Experimental commands that may be modified or deprecated',
	long: 'Experimental commands that may be modified or deprecated',
	flags: [],
	subcommands: [{ use: 'describe', aliases: ['des'], short: 'Describe resource and related Istio configuration', flags: [] }],
};

export const DESCRIBE = EXPERIMENTAL.subcommands?.[0];

export function describePod(argv: readonly string[], provider: IstioctlProvider, namespace: string | undefined, lang: 'en' | 'zh' = 'en'): Result {
	void argv;
	void provider;
	void namespace;
	return { stdout: '', stderr: notModelled(lang, 'experimental describe', AVAILABLE[lang]), exitCode: 1 };
}
