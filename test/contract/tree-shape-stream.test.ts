/**
 * The tree's sort, filter, `$SYS` and retained-only over the real WebSocket transport, on a
 * connection to mosquitto that publishes its own `$SYS` tree: what a renderer receives, and a
 * new filter cancelling the old one's scan in main.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scansOf } from '../../main/topics/tree-filter';
import type { Client } from '../../shared/ipc/client';
import {
	applyTreePatch,
	DEFAULT_TREE_SHAPE,
	EMPTY_WINDOW,
	type TreePatch,
	type TreeShape,
	type TreeWindow,
} from '../../shared/tree/patch';
import { startBroker, type TestBroker } from '../helpers/broker';
import { testProfile } from '../helpers/profile';
import { serveCore, type ServedCore } from '../helpers/serve';
import { waitFor } from '../helpers/wait';

let served: ServedCore;
let broker: TestBroker;
let api: Client;
let connectionId: string;

beforeAll(async () => {
	broker = await startBroker({ extraConfig: 'sys_interval 1' });
	served = await serveCore();
	api = served.connectClient();
	const connected = await api.invoke('connections:connect', {
		profile: testProfile({
			port: broker.port,
			clientId: 'tree-shape',
			subscriptions: [
				{ filter: '#', qos: 1, retainAsPublished: true },
				{ filter: '$SYS/#', qos: 0 },
			],
		}),
	});
	if (!connected.ok) throw new Error(connected.error.message);
	connectionId = connected.value.id;
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'tree-shape-pub' });
	await publisher.publishAsync('site/a/temp', '20', { qos: 1, retain: true });
	for (let i = 0; i < 3; i++) await publisher.publishAsync('site/b/temp', `${i}`, { qos: 1 });
	await publisher.publishAsync('zone/1', 'x', { qos: 1 });
	await publisher.endAsync();
	await waitFor(() => {
		const tree = served.core.trees.get(connectionId);
		return tree?.find('zone/1') != null && tree.find('$SYS/broker/version') !== null;
	}, 'the topics and $SYS');
});
afterAll(async () => {
	await served.close();
	await broker.stop();
});

function shape(changes: Partial<TreeShape>): TreeShape {
	return { ...DEFAULT_TREE_SHAPE, ...changes };
}

/** Opens a tree stream; `window()` is the mirror as patches came. */
function openTree(expanded: readonly string[], treeShape: TreeShape) {
	let mirror: TreeWindow = EMPTY_WINDOW;
	const patches: TreePatch[] = [];
	const params = { connectionId, expanded: [...expanded], offset: 0, limit: 50, shape: treeShape };
	const handle = api.open('tree:patch', params, (patch) => {
		patches.push(patch);
		mirror = applyTreePatch(mirror, patch);
	});
	return {
		handle,
		params,
		patches,
		window: () => mirror,
		ids: () => mirror.rows.map((row) => row.id),
	};
}

describe('tree shape over the wire', () => {
	it('hides $SYS on request and sorts by message count', async () => {
		const shown = openTree([], DEFAULT_TREE_SHAPE);
		await waitFor(() => shown.ids().length > 0, 'the snapshot');
		expect(shown.ids()).toEqual(['$SYS', 'site', 'zone']);
		shown.handle.update({ ...shown.params, shape: shape({ hideSys: true, sort: 'messages' }) });
		await waitFor(() => shown.ids()[0] !== '$SYS', 'the moved window');
		// site holds 4 messages, zone 1.
		expect(shown.ids()).toEqual(['site', 'zone']);
		shown.handle.close();
	});

	it('streams a filter, then a new filter cancels the old scan', async () => {
		const tree = served.core.trees.get(connectionId);
		if (tree === undefined) throw new Error('no tree');
		const filtered = openTree([], shape({ filter: { kind: 'topic-filter', text: '+/+/temp' } }));
		await waitFor(() => filtered.window().filter?.isDone === true, 'the scan');
		expect(filtered.window().filter?.matches).toBe(2);
		// The matches' ancestors come with the patches, for the renderer to open.
		const opened = filtered.patches.flatMap((patch) => patch.expand ?? []);
		expect(new Set(opened)).toEqual(new Set(['site', 'site/a', 'site/b']));
		expect(scansOf(tree).size).toBe(1);
		const oldScan = scansOf(tree).find(
			shape({ filter: { kind: 'topic-filter', text: '+/+/temp' } }),
		);
		filtered.handle.update({
			...filtered.params,
			expanded: ['$SYS'],
			shape: shape({ filter: { kind: 'text', text: 'broker/version' } }),
		});
		await waitFor(() => filtered.ids().includes('$SYS/broker'), 'the new filter');
		expect(oldScan?.isCancelled).toBe(true);
		expect(scansOf(tree).size).toBe(1);
		expect(filtered.ids()).toEqual(['$SYS', '$SYS/broker']);
		// locate answers among the rows this filter shows.
		const located = await api.invoke('tree:locate', {
			connectionId,
			expanded: ['$SYS', '$SYS/broker'],
			topic: '$SYS/broker/version',
			shape: shape({ filter: { kind: 'text', text: 'broker/version' } }),
		});
		expect(located).toEqual({ ok: true, value: { index: 2, topic: '$SYS/broker/version' } });
		filtered.handle.close();
		await waitFor(() => scansOf(tree).size === 0, 'the scan released');
	});

	it('shows retained topics only', async () => {
		const retained = openTree(['site', 'site/a'], shape({ retainedOnly: true, hideSys: true }));
		await waitFor(() => retained.window().filter?.isDone === true, 'the scan');
		await waitFor(() => retained.ids().includes('site/a/temp'), 'the retained topic');
		expect(retained.ids()).toEqual(['site', 'site/a', 'site/a/temp']);
		retained.handle.close();
	});

	it('expands all below a node, bounded, and refuses a malformed shape', async () => {
		expect(
			await api.invoke('tree:expand-below', { connectionId, topic: 'site', limit: 10 }),
		).toEqual({
			ok: true,
			value: { paths: ['site', 'site/a', 'site/b'], isComplete: true },
		});
		expect(
			await api.invoke('tree:expand-below', { connectionId, topic: 'site', limit: 1 }),
		).toEqual({
			ok: true,
			value: { paths: ['site'], isComplete: false },
		});
		const bad = await api.invoke('tree:locate', {
			connectionId,
			expanded: [],
			topic: 'site',
			// @ts-expect-error -- a sort main does not know, as a compromised renderer would send
			shape: { ...DEFAULT_TREE_SHAPE, sort: 'size' },
		});
		expect(bad.ok ? null : bad.error.code).toBe('invalid-request');
	});
});
