import { describe, expect, it } from 'vitest';
import type { SparkplugView } from '../../../shared/decode/decoder';
import { decodePayload } from '../../../main/decoders/pipeline';
import { decodeSparkplugPayload } from '../../../main/sparkplug/payload';
import { rebirthRequest } from '../../../main/sparkplug/rebirth';
import { checkSeq, SparkplugState } from '../../../main/sparkplug/state';
import { message } from '../../helpers/message';
import { dataByAlias, dbirth, nbirth, ndeath } from '../../helpers/samples';

const NODE = 'spBv1.0/Plant1/NBIRTH/Edge1';
const NDATA = 'spBv1.0/Plant1/NDATA/Edge1';
const DBIRTH = 'spBv1.0/Plant1/DBIRTH/Edge1/Pump7';
const DDATA = 'spBv1.0/Plant1/DDATA/Edge1/Pump7';
const NDEATH = 'spBv1.0/Plant1/NDEATH/Edge1';

function sparkplugOf(
	topic: string,
	payload: Uint8Array,
	state: SparkplugState,
	timeMs: number,
): SparkplugView {
	const decoded = decodePayload({
		topic,
		payload,
		properties: undefined,
		choice: { kind: 'auto' },
		bindings: [],
		schemas: null,
	});
	if (decoded.content.kind !== 'sparkplug') throw new Error(`decoded as ${decoded.content.kind}`);
	return state.annotate(topic, timeMs * 1000, decoded.content.sparkplug);
}

describe('Sparkplug B state of a connection', () => {
	it('names the aliases of DATA messages from the BIRTH that came before', () => {
		const state = new SparkplugState();
		state.ingest(message(NODE, nbirth(0, 3), { timeMs: 1000 }));
		state.ingest(message(DBIRTH, dbirth(1), { timeMs: 1001 }));
		const ndata = dataByAlias(2, [
			{ alias: 1, datatype: 10, value: 22.75 },
			{ alias: 2, datatype: 11, value: true },
		]);
		state.ingest(message(NDATA, ndata, { timeMs: 1002 }));
		const ddata = dataByAlias(3, [{ alias: 3, datatype: 9, value: 2.5 }]);
		state.ingest(message(DDATA, ddata, { timeMs: 1003 }));

		const view = sparkplugOf(NDATA, ndata, state, 1002);
		expect(
			view.metrics.map((metric) => [
				metric.name,
				metric.alias,
				metric.nameSource,
				metric.datatype,
				metric.value,
			]),
		).toEqual([
			['Temperature', '1', 'birth', 'Double', '22.75'],
			['Pump/Running', '2', 'birth', 'Boolean', 'true'],
		]);
		expect(view.seqNote).toBe('seq 2: in order');
		expect(view.isSeqGap).toBe(false);
		expect(sparkplugOf(DDATA, ddata, state, 1003).metrics[0]).toMatchObject({
			name: 'Flow/Rate',
			value: '2.5',
			datatype: 'Float',
		});

		const node = state.view('Plant1', 'Edge1');
		expect(node).toMatchObject({
			status: 'online',
			bdSeq: '3',
			lastSeq: 3,
			seqGaps: 0,
			messages: 4,
		});
		expect(node?.devices).toEqual([
			{ deviceId: 'Pump7', status: 'online', birthAt: 1001, deathAt: null },
		]);
		expect(node?.metrics.map((metric) => [metric.deviceId, metric.name, metric.value])).toEqual([
			[null, 'bdSeq', '3'],
			[null, 'Node Control/Rebirth', 'false'],
			[null, 'Pump/Running', 'true'],
			[null, 'Temperature', '22.75'],
			['Pump7', 'Flow/Rate', '2.5'],
		]);
	});

	it('flags a seq gap on the message that shows it, and counts it on the node', () => {
		const state = new SparkplugState();
		state.ingest(message(NODE, nbirth(0, 1), { timeMs: 1 }));
		state.ingest(
			message(NDATA, dataByAlias(1, [{ alias: 1, datatype: 10, value: 1 }]), { timeMs: 2 }),
		);
		const skipped = dataByAlias(4, [{ alias: 1, datatype: 10, value: 2 }]);
		state.ingest(message(NDATA, skipped, { timeMs: 3 }));
		const view = sparkplugOf(NDATA, skipped, state, 3);
		expect(view.isSeqGap).toBe(true);
		expect(view.seqNote).toBe('seq 4, expected 2: 2 messages missed or out of order');
		expect(state.view('Plant1', 'Edge1')).toMatchObject({
			seqGaps: 1,
			lastSeq: 4,
			lastGap: { expected: 2, received: 4, at: 3, topic: NDATA },
		});
		// Another message's view does not borrow this one's check.
		expect(sparkplugOf(NDATA, skipped, state, 99).seqNote).toBeNull();
	});

	it('wraps seq after 255 without calling it a gap', () => {
		expect(checkSeq(255, 0)).toEqual({ isGap: false, note: 'seq 0: in order' });
		expect(checkSeq(254, 0)).toMatchObject({
			isGap: true,
			note: 'seq 0, expected 255: 1 message missed or out of order',
		});
		expect(checkSeq(null, 17)).toEqual({
			isGap: false,
			note: 'seq 17: the first seen from this node',
		});
	});

	it('ends the session on its own NDEATH and ignores a stale one with another bdSeq', () => {
		const state = new SparkplugState();
		state.ingest(message(NODE, nbirth(0, 5), { timeMs: 10 }));
		state.ingest(message(DBIRTH, dbirth(1), { timeMs: 11 }));
		state.ingest(message(NDEATH, ndeath(4), { timeMs: 12 }));
		expect(state.view('Plant1', 'Edge1')).toMatchObject({ status: 'online' });
		expect(state.view('Plant1', 'Edge1')?.warnings.at(-1)).toBe(
			`${NDEATH}: NDEATH with bdSeq 4 is not for the current session (bdSeq 5): a stale death certificate, ignored.`,
		);
		state.ingest(message(NDEATH, ndeath(5), { timeMs: 13 }));
		const node = state.view('Plant1', 'Edge1');
		expect(node).toMatchObject({ status: 'offline', deathAt: 13 });
		expect(node?.devices[0]).toMatchObject({ status: 'offline', deathAt: 13 });
	});

	it('says which aliases have no name when no BIRTH was seen', () => {
		const state = new SparkplugState();
		const data = dataByAlias(9, [{ alias: 7, datatype: 10, value: 3 }]);
		state.ingest(message(NDATA, data, { timeMs: 1 }));
		const view = sparkplugOf(NDATA, data, state, 1);
		expect(view.metrics[0]).toMatchObject({ name: null, alias: '7', nameSource: 'unknown' });
		expect(view.warnings).toContain(
			'1 metric has only an alias, and no BIRTH of this node was seen since subscribing: ask it to rebirth.',
		);
		expect(state.view('Plant1', 'Edge1')).toMatchObject({ status: 'unknown', lastSeq: 9 });
	});

	it('keeps an undecodable payload as a warning, not a crash', () => {
		const state = new SparkplugState();
		state.ingest(message(NDATA, Uint8Array.from([0xff, 0xff, 0xff]), { timeMs: 1 }));
		expect(state.view('Plant1', 'Edge1')?.warnings[0]).toMatch(
			/^NDATA on spBv1\.0\/Plant1\/NDATA\/Edge1: Not a Sparkplug B payload/,
		);
	});

	it('builds the Rebirth NCMD as the spec asks', () => {
		const request = rebirthRequest('Plant1', 'Edge1', 1_700_000_000_123);
		expect(request).toMatchObject({ topic: 'spBv1.0/Plant1/NCMD/Edge1', qos: 0, retain: false });
		const payload = decodeSparkplugPayload(request.payload);
		expect(payload.ok && payload.value.metrics).toEqual([
			expect.objectContaining({ name: 'Node Control/Rebirth', datatype: 11, value: true }),
		]);
	});
});
