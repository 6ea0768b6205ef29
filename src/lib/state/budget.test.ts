import { describe, expect, it } from 'vitest';
import { parseScenario } from '../sim/scenario';
import { costLine, withinBudget } from './budget';

describe('the browser budget', () => {
	it('passes a small scenario and describes its cost', () => {
		const p = parseScenario({ dataset: 'blobs', rounds: 2, clients: 4 });
		expect(withinBudget(p)).toBe(p);
		expect(costLine(p)).toMatch(/^≈ \d+ MB, ≈ \d+ s of training \(estimate\)$/);
	});

	it('refuses a valid scenario beyond the budget, naming the fields to lower', () => {
		const p = parseScenario({
			clients: 500,
			model: { kind: 'mlp', hidden: [1024, 1024, 1024, 1024] },
			algorithm: { kind: 'fedavg', clientFraction: 1 }
		});
		expect(p.ok).toBe(true);
		const r = withinBudget(p, { memoryBytes: 2e9, seconds: 3600 });
		expect(r.ok).toBe(false);
		expect(!r.ok && r.errors[0]).toMatch(/^budget: .* lower algorithm\.clientFraction/);
		expect(costLine(r)).toBeNull();
	});
});
