/**
 * `broker:check` and `broker:check-progress` over the real WebSocket transport: the check runs
 * with the connection's credentials (they stay in main: nothing the renderer gets holds the
 * password), one check per connection at a time, its steps stream to a report; an unknown
 * connection is named. (Malformed input: contract.test.ts's loop over the contract.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../shared/ipc/client';
import type { BrokerCheckView } from '../../shared/model/broker-check';
import { findMosquitto, startBroker, type TestBroker } from '../helpers/broker';
import { testProfile } from '../helpers/profile';
import { serveCore, type ServedCore } from '../helpers/serve';
import { waitFor } from '../helpers/wait';

const PASSWORD = 'check-pw-7f3a';

describe.skipIf(!findMosquitto())('broker check channels', () => {
	let served: ServedCore;
	let broker: TestBroker;
	let api: Client;

	beforeAll(async () => {
		broker = await startBroker({ passwords: { checker: PASSWORD } });
		served = await serveCore();
		api = served.connectClient();
	});
	afterAll(async () => {
		await served.close();
		await broker.stop();
	});

	it('checks the broker with the connection credentials and streams its steps to a report', async () => {
		const connected = await api.invoke('connections:connect', {
			profile: testProfile({
				port: broker.port,
				clientId: 'contract-check',
				username: 'checker',
				password: PASSWORD,
			}),
		});
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;

		const started = await api.invoke('broker:check', { connectionId });
		if (!started.ok) throw new Error(started.error.message);
		// A second start while it runs joins the same check.
		const again = await api.invoke('broker:check', { connectionId });
		expect(again.ok && again.value.checkId).toBe(started.value.checkId);

		const views: BrokerCheckView[] = [];
		const close = api.subscribe(
			'broker:check-progress',
			{ checkId: started.value.checkId },
			(view) => views.push(view),
		);
		try {
			await waitFor(
				() => views.at(-1)?.state !== 'running' && views.length > 0,
				'the report',
				60_000,
			);
		} finally {
			close();
		}
		const last = views.at(-1);
		expect(last?.state).toBe('done');
		const report = last?.report;
		expect(report?.target).toBe(`mqtt://127.0.0.1:${broker.port}`);
		// The credentials worked: every version accepted, the capabilities probed.
		expect(report?.versions.every((version) => version.isAccepted)).toBe(true);
		expect(report?.findings.find((f) => f.id === 'retain')?.value).toBe(true);
		// Steps came one by one before the report.
		expect(views.some((view) => view.state === 'running' && view.steps.length > 0)).toBe(true);
		expect(JSON.stringify(views)).not.toContain(PASSWORD);
		// The user's own connection was not touched.
		const list = await api.invoke('connections:list', {});
		expect(list.ok && list.value.find((c) => c.id === connectionId)?.state.kind).toBe('connected');
	});

	it('names a connection that is not there', async () => {
		const result = await api.invoke('broker:check', { connectionId: 'no-such-connection' });
		expect(result.ok).toBe(false);
		expect(!result.ok && result.error.code).toBe('not-found');
		expect(!result.ok && result.error.message).toContain('no-such-connection');
	});
});
