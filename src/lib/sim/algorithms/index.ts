/** The algorithms, by name: the UI, the URL codec and the CLI read this one table. */
import type { Scenario } from '../scenario';
import { createFedAvg } from './fedavg';
import type { Algorithm } from './types';

export type { Algorithm } from './types';

type Kind = Scenario['algorithm']['kind'];

export const algorithms = {
	fedavg: {
		label: 'FedAvg (synchronous)',
		paper: 'McMahan et al. 2017, arXiv:1602.05629',
		create: createFedAvg
	}
} satisfies Record<Kind, { label: string; paper: string; create: (s: Scenario) => Algorithm }>;
