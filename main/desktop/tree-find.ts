/**
 * "Find in tree" (Ctrl/Cmd+F): topics whose path contains a text, in the order the tree shows
 * them, expanded or not. Reads the tree; runs on request, not per message.
 */
import type { TreeFindResult } from '../../shared/model/desktop';
import { sortedChildrenOf, type TopicNode, type TopicTree } from '../topics/topic-tree';

export function findTopics(tree: TopicTree, text: string, limit: number): TreeFindResult {
	const needle = text.toLocaleLowerCase();
	const topics: string[] = [];
	let total = 0;
	// Depth first in display order, iteratively: a deep tree must not overflow the stack.
	const stack: TopicNode[] = [...sortedChildrenOf(tree.root)].reverse();
	for (let node = stack.pop(); node !== undefined; node = stack.pop()) {
		if (node.path.toLocaleLowerCase().includes(needle)) {
			total++;
			if (topics.length < limit) topics.push(node.path);
		}
		const children = sortedChildrenOf(node);
		for (let index = children.length - 1; index >= 0; index--) {
			const child = children[index];
			if (child !== undefined) stack.push(child);
		}
	}
	return { topics, total };
}
