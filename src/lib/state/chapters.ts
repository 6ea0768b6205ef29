/**
 * The notebook's table of contents, in reading order. A chapter is a route at `/<slug>/` (one
 * `+page.svelte` with its prose and live cells) plus one row here; the home page, the navigation
 * and the previous/next links all read this list.
 */
export interface Chapter {
	readonly slug: string;
	/** Chapter number; absent for pages outside the sequence (the Lab). */
	readonly number?: number;
	readonly title: string;
	/** One sentence for the table of contents. */
	readonly summary: string;
}

export const CHAPTERS: readonly Chapter[] = [
	{
		slug: 'why',
		number: 1,
		title: 'Why learn where the data lives',
		summary:
			'Phones, hospitals and banks hold data that cannot leave. Train on it anyway, and compare with pooling it all in one place.'
	},
	{
		slug: 'federated-averaging',
		number: 2,
		title: 'Federated averaging',
		summary:
			'The algorithm behind it all: sample clients, train locally for a few epochs, average the models weighted by data size.'
	},
	{
		slug: 'when-clients-differ',
		number: 3,
		title: 'When clients differ',
		summary:
			'Skewed labels, unbalanced data and a hundred clients: what non-IID data does to FedAvg, and what the network pays.'
	},
	{
		slug: 'waiting-for-nobody',
		number: 4,
		title: 'Waiting for nobody',
		summary:
			'Slow phones, dropped links, devices that go offline: why synchronous rounds wait for the straggler, and how FedAsync and FedBuff take updates as they come.'
	},
	{
		slug: 'trust-no-one',
		number: 5,
		title: 'Trust no one',
		summary:
			'Some clients lie. One bad update drags the average anywhere; medians, Krum and the median of group means hold the line.'
	},
	{
		slug: 'cutting-the-model',
		number: 6,
		title: 'Cutting the model in two',
		summary:
			'Split learning: the client runs the first layers, the server the rest. Less work and traffic for the client, but chatty links, leaky gradients and clients that wait their turn.'
	},
	{
		slug: 'what-an-update-leaks',
		number: 7,
		title: 'What an update leaks',
		summary:
			'The server rebuilds a client’s digit from its gradient. Secure aggregation hides single updates, differential privacy adds noise with a receipt (ε), and both have a price.'
	},
	{
		slug: 'classroom',
		title: 'Classroom',
		summary:
			'The students’ phones become the clients: real devices, real stragglers, real dropouts, and a switch that makes a student Byzantine.'
	},
	{
		slug: 'lab',
		title: 'Lab',
		summary:
			'Every knob of the simulator in one place: build your own scenario and share it as a link.'
	}
];

/** The chapter whose route is `slug`. */
export function chapterBySlug(slug: string): Chapter | undefined {
	return CHAPTERS.find((c) => c.slug === slug);
}

/** The chapters before and after `slug`, for the page footer. */
export function neighbours(slug: string): { prev?: Chapter; next?: Chapter } {
	const i = CHAPTERS.findIndex((c) => c.slug === slug);
	if (i < 0) return {};
	return { prev: CHAPTERS[i - 1], next: CHAPTERS[i + 1] };
}

/** "1. Why learn where the data lives", or just the title for unnumbered pages. */
export function chapterHeading(c: Chapter): string {
	return c.number === undefined ? c.title : `${c.number}. ${c.title}`;
}
