/** The algorithms, by name: the UI, the URL codec and the CLI read this one table. */
import type { Scenario } from '../core/schema';
import { createFedAsync } from './fedasync';
import { createFedAvg } from './fedavg';
import { createFedBuff } from './fedbuff';
import { createSplitLearning } from './split-learning';
import { createSplitFed } from './splitfed';
import type { Algorithm } from './types';

export type { Algorithm } from './types';

type Kind = Scenario['algorithm']['kind'];

export const algorithms = {
	fedavg: {
		label: 'FedAvg (synchronous)',
		paper: 'McMahan et al. 2017, arXiv:1602.05629',
		create: createFedAvg
	},
	fedasync: {
		label: 'FedAsync (asynchronous)',
		paper: 'Xie, Koyejo, Gupta 2019, arXiv:1903.03934',
		create: createFedAsync
	},
	fedbuff: {
		label: 'FedBuff (buffered asynchronous)',
		paper: 'Nguyen et al. 2022, arXiv:2106.06639',
		create: createFedBuff
	},
	split: {
		label: 'Split learning (clients take turns)',
		paper: 'Gupta & Raskar 2018, arXiv:1810.06060; Vepakomma et al. 2018, arXiv:1812.00564',
		create: createSplitLearning
	},
	splitfed: {
		label: 'SplitFed (parallel split learning)',
		paper: 'Thapa et al. 2022, arXiv:2004.12088',
		create: createSplitFed
	}
} satisfies Record<Kind, { label: string; paper: string; create: (s: Scenario) => Algorithm }>;
