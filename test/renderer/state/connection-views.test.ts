import { describe, expect, it } from 'vitest';
import { ConnectionViews } from '../../../renderer/state/connection-views';

/** Stands in for ConnectionsState: the test says when a connection leaves the list. */
function removals(): { onRemoved(listener: (id: string) => void): void; remove(id: string): void } {
	const listeners: ((id: string) => void)[] = [];
	return {
		onRemoved: (listener) => listeners.push(listener),
		remove: (id) => listeners.forEach((listener) => listener(id)),
	};
}

describe('ConnectionViews', () => {
	it('keeps one view per connection until the connection is removed', () => {
		const connections = removals();
		let made = 0;
		const views = new ConnectionViews(connections, (id) => ({ id, serial: ++made }));
		const first = views.of('a');
		expect(views.of('a')).toBe(first);
		expect(views.of('b')).toEqual({ id: 'b', serial: 2 });

		connections.remove('a');
		expect(views.has('a')).toBe(false);
		expect(views.has('b')).toBe(true);
		expect(views.of('a')).toEqual({ id: 'a', serial: 3 });
	});
});
