import { describe, expect, it } from 'vitest';
import { device, runFake } from './testing/sim-harness';
import { parseScenario } from './scenario';

describe('centralized: the raw data once, before training', () => {
	it('charges the client’s samples × (2 float32 features + 1 label byte) once at t = 0, the model nothing', async () => {
		// 500 blobs samples: 500 × (2 × 4 + 1) = 4,500 bytes
		const run = await runFake({ clients: 1, rounds: 3, centralized: true }, [device(1, 500)]);
		const messages = run.of('message');
		const data = messages.filter((m) => m.kind === 'data');
		expect(data).toHaveLength(1);
		expect(data[0]?.t).toBe(0);
		const samples = run.of('setup')[0]?.clients[0]?.samples ?? 0;
		expect(data[0]?.bytes).toBe(samples * 9);
		expect(messages.filter((m) => m.kind !== 'data').every((m) => m.bytes === 0)).toBe(true);
		const evals = run.of('evaluated');
		expect(evals).toHaveLength(3);
		for (const e of evals) expect([e.bytesUp, e.bytesDown]).toEqual([samples * 9, 0]);
	});

	it('false (the default) keeps the usual model download and upload per round', async () => {
		const run = await runFake({ clients: 1, rounds: 2 }, [device(1, 500)]);
		expect(run.of('message').some((m) => m.kind === 'data')).toBe(false);
		expect(run.of('evaluated')[1]?.bytesDown).toBeGreaterThan(0);
	});

	it('refuses centralized with more than one client, naming the field', () => {
		const r = parseScenario({ clients: 3, centralized: true });
		expect(r.ok).toBe(false);
		if (!r.ok) expect(r.errors.join(' ')).toContain('centralized');
	});
});
