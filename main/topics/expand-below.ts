/**
 * "Expand all below a node", bounded: the nodes with children under it, breadth first (the top
 * levels open first), at most `limit` of them. A node with 100,000 leaf children opens as one
 * node: the tree view is virtualised, so its rows cost nothing until scrolled to. The walk looks
 * at most `MAX_VISITS` nodes, so a huge subtree answers at once with `isComplete: false`.
 */
import type { TreeExpandBelow } from '../../shared/tree/patch';
import { ROOT_ID, type TopicTree } from './topic-tree';

const MAX_VISITS = 1_000_000;

export function expandBelow(tree: TopicTree, topic: string, limit: number): TreeExpandBelow {
	const start = topic === '' ? ROOT_ID : tree.idOf(topic);
	if (start < 0) return { paths: [], isComplete: true };
	const paths: string[] = [];
	let queue = [start];
	let visits = 0;
	while (queue.length > 0) {
		const next: number[] = [];
		for (const id of queue) {
			if (tree.childCountOf(id) === 0) continue;
			if (id !== ROOT_ID) {
				if (paths.length >= limit) return { paths, isComplete: false };
				paths.push(tree.pathOf(id));
			}
			visits += tree.childCountOf(id);
			if (visits > MAX_VISITS) return { paths, isComplete: false };
			// Natural order, so the bound keeps the first rows a person sees.
			const children = tree.sortedChildren(id);
			for (let index = 0; index < children.length; index++) {
				const child = children.ids[index] as number;
				if (tree.childCountOf(child) > 0) next.push(child);
			}
		}
		queue = next;
	}
	return { paths, isComplete: true };
}
