import { defineCollection } from 'astro:content';
import { glob } from 'astro/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { lessonFrontmatter } from './data/lesson-schema';

// Course pages live in ./content/docs/<lang>/ at the top of the repository, so authors find
// lessons and scenarios side by side. Files starting with `_` are drafts and are not loaded.
export const collections = {
	docs: defineCollection({
		loader: glob({ base: './content/docs', pattern: '**/[^_]*.{md,mdx}' }),
		schema: docsSchema({ extend: lessonFrontmatter }),
	}),
};
