/** The desktop channels over the real WebSocket transport: settings, About, updates, find, copy. */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../shared/ipc/client';
import type { ActivitySample } from '../../shared/model/desktop';
import type { UpdateStatus } from '../../shared/model/updates';
import { DEFAULT_SETTINGS } from '../../shared/model/settings';
import { startBroker, type TestBroker } from '../helpers/broker';
import { subscribeTo, testProfile } from '../helpers/profile';
import { serveCore, type ServedCore } from '../helpers/serve';

let served: ServedCore;
let broker: TestBroker;
let api: Client;

beforeAll(async () => {
	broker = await startBroker();
	served = await serveCore();
	api = served.connectClient();
});
afterAll(async () => {
	await served.close();
	await broker.stop();
});

async function value<T>(
	promise: Promise<{ ok: true; value: T } | { ok: false; error: { message: string } }>,
): Promise<T> {
	const result = await promise;
	if (!result.ok) throw new Error(result.error.message);
	return result.value;
}

describe('desktop channels', () => {
	it('keeps settings in the profiles database and refuses values it does not know', async () => {
		expect(await value(api.invoke('settings:get', {}))).toEqual(DEFAULT_SETTINGS);
		const changed = await value(
			api.invoke('settings:update', {
				theme: 'high-contrast',
				fontScale: 1.3,
				layout: {
					treeWidthPercent: 30,
					isTreePaneVisible: true,
					isMessagePaneVisible: false,
					connectionTab: 'frames',
				},
			}),
		);
		expect(changed).toMatchObject({
			theme: 'high-contrast',
			fontScale: 1.3,
			density: 'comfortable',
		});
		// Another window (a second client) reads what this one saved.
		const other = served.connectClient();
		expect((await value(other.invoke('settings:get', {}))).layout.treeWidthPercent).toBe(30);

		for (const bad of [
			{ theme: 'purple' },
			{ fontScale: 9 },
			{ layout: { treeWidthPercent: 5 } },
			{ unknown: 1 },
		]) {
			const refused = await api.invoke('settings:update', bad as never);
			expect(refused).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
		}
		expect((await value(api.invoke('settings:get', {}))).theme).toBe('high-contrast');
	});

	it('tells About its versions and folders, and browser mode opens no folder', async () => {
		const about = await value(api.invoke('app:about', {}));
		expect(about.version).toBe('test');
		expect(about.versions.Node).toBe(process.versions.node);
		expect(about.versions.SQLite).toMatch(/^3\.\d+\.\d+$/);
		expect(about.dataDir).toBe(served.core.options.dataDir);
		expect(about.canOpenFolders).toBe(false);
		const opened = await api.invoke('app:open-folder', { folder: 'logs' });
		expect(opened).toMatchObject({ ok: false, error: { code: 'invalid-request' } });
		expect(await api.invoke('app:open-folder', { folder: '/etc' } as never)).toMatchObject({
			ok: false,
			error: { code: 'invalid-request' },
		});
	});

	it('says why there are no updates in browser mode, and checks nothing', async () => {
		const statuses: UpdateStatus[] = [];
		const close = api.subscribe('updates:state', {}, (status) => statuses.push(status));
		await expect.poll(() => statuses.length).toBe(1);
		expect(statuses[0]).toMatchObject({
			currentVersion: 'test',
			channel: 'stable',
			state: { kind: 'unavailable' },
		});
		const checked = await value(api.invoke('updates:check', {}));
		expect(checked.state.kind).toBe('unavailable');
		expect(await api.invoke('updates:download', {})).toMatchObject({ ok: false });
		close();
	});

	it('finds topics, copies a message as mosquitto_pub and counts activity', async () => {
		const connection = await value(
			api.invoke('connections:connect', {
				profile: testProfile({
					port: broker.port,
					clientId: 'desktop-contract',
					protocolVersion: 5,
					username: 'reader',
					subscriptions: subscribeTo('#'),
				}),
			}),
		);
		const samples: ActivitySample[] = [];
		const closeActivity = api.subscribe(
			'activity:summary',
			{ connectionId: connection.id },
			(sample) => samples.push(sample),
		);
		const publisher = await mqtt.connectAsync(broker.url, { protocolVersion: 5 });
		for (const topic of [
			'plant/oven/temp',
			'plant/Oven/door',
			'office/oven-light',
			'plant/press',
		]) {
			await publisher.publishAsync(topic, `{"at":"${topic}"}`, {
				qos: 1,
				properties: { contentType: 'application/json', userProperties: { site: 'Lyon' } },
			});
		}
		await publisher.endAsync();
		await expect
			.poll(
				async () =>
					(
						await value(
							api.invoke('tree:find', { connectionId: connection.id, text: 'OVEN', limit: 2 }),
						)
					).total,
			)
			.toBe(5);
		const found = await value(
			api.invoke('tree:find', { connectionId: connection.id, text: 'OVEN', limit: 2 }),
		);
		// Display order, inner nodes included: office/oven-light, plant/oven, plant/oven/temp,
		// plant/Oven, plant/Oven/door (the tree's collator puts lower case first).
		expect(found.topics).toEqual(['office/oven-light', 'plant/oven']);
		const all = await value(
			api.invoke('tree:find', { connectionId: connection.id, text: 'oven', limit: 10 }),
		);
		expect(all.topics).toEqual([
			'office/oven-light',
			'plant/oven',
			'plant/oven/temp',
			'plant/Oven',
			'plant/Oven/door',
		]);

		const copied = await value(
			api.invoke('topic:publish-command', {
				connectionId: connection.id,
				topic: 'plant/oven/temp',
			}),
		);
		expect(copied.command).toBe(
			`mosquitto_pub -h 127.0.0.1 -p ${broker.port} -V 5 -u reader -t plant/oven/temp -q 1 -D publish content-type application/json -D publish user-property site Lyon -m '{"at":"plant/oven/temp"}'`,
		);
		expect(
			await api.invoke('topic:publish-command', {
				connectionId: connection.id,
				topic: 'plant/none',
			}),
		).toMatchObject({ ok: false, error: { code: 'not-found' } });

		await expect.poll(() => samples.at(-1)?.totalMessages, { timeout: 10_000 }).toBe(4);
		expect(samples.at(-1)?.topicCount).toBe(4);
		closeActivity();
	});
});
