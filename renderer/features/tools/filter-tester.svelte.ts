/** The topic filter tester: one filter, a list of topics, each explained (shared/mqtt rules). */
import { explainTopicMatch, type TopicMatchExplanation } from '../../../shared/mqtt/topic-explain';
import { findTopicFilterProblem } from '../../../shared/mqtt/topic';

const EXAMPLE_TOPICS = [
	'home/kitchen/temperature',
	'home/kitchen',
	'home/living/light/state',
	'office/kitchen/temperature',
	'$SYS/broker/uptime',
].join('\n');

export class FilterTesterState {
	filter = $state('home/+/temperature');
	topicsText = $state(EXAMPLE_TOPICS);
	protocolLevel = $state<4 | 5>(5);

	get filterProblem(): string | null {
		return findTopicFilterProblem(this.filter, this.protocolLevel)?.message ?? null;
	}

	/** One answer per non-empty line; none while the filter itself is invalid. */
	get results(): TopicMatchExplanation[] {
		if (this.filterProblem !== null) return [];
		return this.topicsText
			.split(/\r?\n/)
			.filter((line) => line !== '')
			.slice(0, 1_000)
			.map((topic) => explainTopicMatch(this.filter, topic, this.protocolLevel));
	}
}
