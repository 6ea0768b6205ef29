/** Links to chapters by slug, under the site's base path (works from any sub-path). */
import { resolve } from '$app/paths';
import type { Pathname } from '$app/types';

export function chapterHref(slug: string): string {
	return resolve(`/${slug}/` as Pathname);
}
