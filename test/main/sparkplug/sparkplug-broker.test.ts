/**
 * Sparkplug B end to end through mosquitto and the real router: an edge node (a separate MQTT
 * client) publishes BIRTHs and DATA by alias; the core names the metrics, flags a seq gap, and
 * the Rebirth command reaches an independent subscriber as the spec's NCMD.
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '../../../shared/ipc/client';
import type { StreamMessages } from '../../../shared/ipc/contract';
import { decodeSparkplugPayload } from '../../../main/sparkplug/payload';
import { startBroker, type TestBroker } from '../../helpers/broker';
import { subscribeTo, testProfile } from '../../helpers/profile';
import { dataByAlias, dbirth, nbirth } from '../../helpers/samples';
import { serveCore, type ServedCore } from '../../helpers/serve';
import { waitFor } from '../../helpers/wait';

let broker: TestBroker;
let served: ServedCore;
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

describe('Sparkplug B through a broker', () => {
	it('names aliases, flags a seq gap, and sends Rebirth to the edge node', async () => {
		const connected = await api.invoke('connections:connect', {
			profile: testProfile({
				port: broker.port,
				clientId: 'sparkplug-host',
				subscriptions: subscribeTo('spBv1.0/#'),
			}),
		});
		if (!connected.ok) throw new Error(connected.error.message);
		const connectionId = connected.value.id;
		const connection = served.core.connections.get(connectionId);
		// The SUBACK, so that nothing the edge node publishes next is missed.
		await waitFor(
			() => connection?.subscriptions()[0]?.outcome.kind === 'granted',
			'the SUBACK of spBv1.0/#',
		);

		// The edge node, a client of its own; it also listens for its commands, as nodes do.
		const edge = await mqtt.connectAsync(broker.url, { clientId: 'edge1' });
		const commands: Buffer[] = [];
		edge.on('message', (topic, payload) => {
			if (topic === 'spBv1.0/Plant1/NCMD/Edge1') commands.push(payload);
		});
		await edge.subscribeAsync('spBv1.0/Plant1/NCMD/Edge1', { qos: 1 });
		await edge.publishAsync('spBv1.0/Plant1/NBIRTH/Edge1', Buffer.from(nbirth(0, 2)), { qos: 1 });
		await edge.publishAsync('spBv1.0/Plant1/DBIRTH/Edge1/Pump7', Buffer.from(dbirth(1)), {
			qos: 1,
		});
		await edge.publishAsync(
			'spBv1.0/Plant1/DDATA/Edge1/Pump7',
			Buffer.from(dataByAlias(2, [{ alias: 3, datatype: 9, value: 3.5 }])),
			{ qos: 1 },
		);
		// seq 3 and 4 never sent: the next NDATA is a gap.
		await edge.publishAsync(
			'spBv1.0/Plant1/NDATA/Edge1',
			Buffer.from(dataByAlias(5, [{ alias: 1, datatype: 10, value: 30.25 }])),
			{ qos: 1 },
		);

		const node: StreamMessages['sparkplug:node'][] = [];
		const close = api.subscribe(
			'sparkplug:node',
			{ connectionId, groupId: 'Plant1', edgeNodeId: 'Edge1' },
			(message) => node.push(message),
		);
		await waitFor(() => node.at(-1)?.node?.lastSeq === 5, 'the NDATA with seq 5 in the node table');
		const table = node.at(-1)?.node;
		expect(table).toMatchObject({
			status: 'online',
			bdSeq: '2',
			seqGaps: 1,
			lastGap: { expected: 3, received: 5 },
		});
		expect(
			table?.metrics.filter(
				(metric) => metric.name === 'Temperature' || metric.name === 'Flow/Rate',
			),
		).toEqual([
			expect.objectContaining({
				deviceId: null,
				name: 'Temperature',
				alias: '1',
				value: '30.25',
				datatype: 'Double',
			}),
			expect.objectContaining({
				deviceId: 'Pump7',
				name: 'Flow/Rate',
				alias: '3',
				value: '3.5',
				datatype: 'Float',
			}),
		]);
		close();

		// The message view's decode of the DDATA: names from the DBIRTH, seq in order.
		const ddata = await api.invoke('payload:decode', {
			connectionId,
			topic: 'spBv1.0/Plant1/DDATA/Edge1/Pump7',
			choice: { kind: 'auto' },
		});
		if (!ddata.ok) throw new Error(ddata.error.message);
		expect(ddata.value.stages.map((stage) => stage.label)).toEqual([
			'none',
			'Sparkplug B',
			'org.eclipse.tahu.protobuf.Payload',
		]);
		expect(ddata.value.content.kind === 'sparkplug' && ddata.value.content.sparkplug).toMatchObject(
			{
				messageType: 'DDATA',
				deviceId: 'Pump7',
				seqNote: 'seq 2: in order',
				metrics: [{ name: 'Flow/Rate', alias: '3', nameSource: 'birth', value: '3.5' }],
			},
		);
		const ndata = await api.invoke('payload:decode', {
			connectionId,
			topic: 'spBv1.0/Plant1/NDATA/Edge1',
			choice: { kind: 'auto' },
		});
		expect(
			ndata.ok && ndata.value.content.kind === 'sparkplug' && ndata.value.content.sparkplug,
		).toMatchObject({
			isSeqGap: true,
			seqNote: 'seq 5, expected 3: 2 messages missed or out of order',
			metrics: [{ name: 'Temperature', nameSource: 'birth' }],
		});

		const rebirth = await api.invoke('sparkplug:rebirth', {
			connectionId,
			groupId: 'Plant1',
			edgeNodeId: 'Edge1',
		});
		expect(rebirth).toEqual({ ok: true, value: { topic: 'spBv1.0/Plant1/NCMD/Edge1' } });
		await waitFor(() => commands.length === 1, 'the NCMD at the edge node');
		const command = decodeSparkplugPayload(commands[0] as Buffer);
		expect(
			command.ok &&
				command.value.metrics.map((metric) => [metric.name, metric.datatype, metric.value]),
		).toEqual([['Node Control/Rebirth', 11, true]]);
		await edge.endAsync();
	});
});
