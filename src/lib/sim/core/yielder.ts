/**
 * Gives the host event loop a turn every `budgetMs` of busy work, so a page or a worker can
 * animate, take messages (pause!) and stay responsive while the engine trains. Cheap to call
 * often: it only really yields when the budget is spent.
 */
const macrotask: () => Promise<void> =
	typeof setImmediate === 'function'
		? () => new Promise((r) => setImmediate(r))
		: typeof MessageChannel === 'function'
			? () =>
					new Promise((r) => {
						const ch = new MessageChannel();
						ch.port1.onmessage = () => {
							ch.port1.close();
							r();
						};
						ch.port2.postMessage(0);
					})
			: () => new Promise((r) => setTimeout(r, 0));

export function createYielder(budgetMs = 12): () => Promise<void> | undefined {
	let last = performance.now();
	return () => {
		const now = performance.now();
		if (now - last < budgetMs) return undefined;
		return macrotask().then(() => {
			last = performance.now();
		});
	};
}
