import { z } from 'astro/zod';

/**
 * Frontmatter that course pages add on top of Starlight's own. Authors get the error message
 * below when they get it wrong, with the file named by Astro.
 */
export const lessonFrontmatter = z.object({
	/** Present on lesson pages: drives the lessons index and the lesson header. */
	lesson: z
		.object({
			number: z.number().int().min(1, 'lesson.number starts at 1'),
			minutes: z.number().int().positive('lesson.minutes is the estimated time in minutes'),
			objectives: z.array(z.string().min(1)).min(1, 'list at least one objective'),
		})
		.optional(),
});
