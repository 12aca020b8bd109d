/**
 * Which course language to open for a visitor arriving at `/`: the first browser language we
 * have (any zh-* tag picks Chinese), English otherwise. Pure, so the page's inline script and the
 * tests share it.
 */
export type CourseLang = 'en' | 'zh';

export function preferredLanguage(browserLanguages: readonly string[]): CourseLang {
	for (const tag of browserLanguages) {
		const primary = tag.trim().toLowerCase().split('-')[0];
		if (primary === 'zh') return 'zh';
		if (primary === 'en') return 'en';
	}
	return 'en';
}
