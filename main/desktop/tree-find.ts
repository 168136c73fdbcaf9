/**
 * "Find in tree" (Ctrl/Cmd+F): topics whose path contains a text, in the order the tree shows
 * them, expanded or not. Reads the tree; runs on request, not per message.
 */
import type { TreeFindResult } from '../../shared/model/desktop';
import { ROOT_ID, type TopicTree } from '../topics/topic-tree';

export function findTopics(tree: TopicTree, text: string, limit: number): TreeFindResult {
	const needle = text.toLocaleLowerCase();
	const topics: string[] = [];
	let total = 0;
	// Depth first in display order, iteratively: a deep tree must not overflow the stack.
	const stack: number[] = [ROOT_ID];
	for (let id = stack.pop(); id !== undefined; id = stack.pop()) {
		if (id !== ROOT_ID) {
			const path = tree.pathOf(id);
			if (path.toLocaleLowerCase().includes(needle)) {
				total++;
				if (topics.length < limit) topics.push(path);
			}
		}
		const children = tree.sortedChildren(id);
		for (let index = children.length - 1; index >= 0; index--) {
			stack.push(children.ids[index] as number);
		}
	}
	return { topics, total };
}
