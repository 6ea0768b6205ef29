/** The real outside world of a worker host: measured backend choice and MNIST over fetch. */
import { fetchMnist } from '../../sim/core/dataset';
import { chooseBackend } from './backend-choice';
import type { HostDeps } from './host';

export const browserDeps: HostDeps = {
	chooseBackend,
	fetchMnist: (url) => fetchMnist(url)
};
