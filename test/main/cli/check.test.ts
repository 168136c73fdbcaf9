/**
 * `topicscope check` against mosquitto as shipped, mosquitto configured with limits it states in
 * its CONNACK (max_packet_size, retain_available false, max_qos 1, max_topic_alias, max_keepalive),
 * and a limit it keeps quiet about (message_size_limit: the size is found by bounded search); a
 * scripted broker that refuses MQTT 5 and wildcard and shared subscriptions. Every run leaves no
 * retained message below its test topic (checked by an independent client).
 */
import mqtt from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrokerCheckReport } from '../../../shared/model/broker-check';
import { findMosquitto, startBroker, type TestBroker } from '../../helpers/broker';
import { startScriptedBroker, type ScriptedBroker } from '../../helpers/scripted-broker';
import { runCli } from './run-cli';

async function check(url: string, ...extra: string[]): Promise<BrokerCheckReport> {
	const run = await runCli(['check', '--url', url, '--json', '--wait', '1', ...extra]);
	// run-cli asks for warnings in the log (JSON lines); anything else on stderr is a problem.
	const said = run.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('{"time"'));
	expect(said).toEqual([]);
	expect(run.status).toBe(0);
	return JSON.parse(run.stdout) as BrokerCheckReport;
}

function valuesOf(report: BrokerCheckReport): Record<string, unknown> {
	return Object.fromEntries(report.findings.map((finding) => [finding.id, finding.value]));
}

/** Retained messages an independent client finds below the check's test topic. */
async function retainedBelow(url: string, topic: string): Promise<string[]> {
	const observer = await mqtt.connectAsync(url, { clientId: `check-observer-${Date.now()}` });
	try {
		const retained: string[] = [];
		const marker = `${topic}/observer-marker`;
		const seen = new Promise<void>((resolve) =>
			observer.on('message', (received, _payload, packet) => {
				if (received === marker) resolve();
				else if (packet.retain) retained.push(received);
			}),
		);
		await observer.subscribeAsync(`${topic}/#`, { qos: 1 });
		// Retained messages come right after the SUBACK, before a message published after it.
		await observer.publishAsync(marker, 'after', { qos: 1 });
		await seen;
		return retained;
	} finally {
		await observer.endAsync();
	}
}

describe.skipIf(!findMosquitto())('topicscope check against mosquitto', () => {
	const brokers: TestBroker[] = [];
	afterAll(async () => {
		for (const broker of brokers) await broker.stop();
	});

	it('finds what mosquitto does by default and clears what it published', async () => {
		const broker = await startBroker();
		brokers.push(broker);
		const report = await check(broker.url);
		expect(report.target).toBe(broker.url);
		expect(report.versions.map((v) => [v.name, v.isAccepted])).toEqual([
			['MQTT 5.0', true],
			['MQTT 3.1.1', true],
			['MQTT 3.1', true],
		]);
		expect(report.probedWith).toBe(5);
		expect(valuesOf(report)).toEqual({
			'maximum-qos': 2,
			retain: true,
			'wildcard-subscriptions': true,
			'shared-subscriptions': true,
			'subscription-identifiers': true,
			'topic-alias-maximum': 10,
			// No limit up to the 1 MiB probed.
			'maximum-packet-size': null,
			'maximum-topic-length': 65_535,
			'server-keep-alive': 60,
		});
		expect(report.findings.every((finding) => finding.isConsistent)).toBe(true);
		expect(report.clientIds.every((id) => id.startsWith('tscheck-'))).toBe(true);
		expect(report.cleanup.retainedCleared).toEqual([`${report.testTopic}/retain`]);
		expect(report.cleanup.problems).toEqual([]);
		expect(await retainedBelow(broker.url, report.testTopic)).toEqual([]);
	});

	it('sees the limits a configured mosquitto states and keeps to them', async () => {
		const broker = await startBroker({
			extraConfig: [
				'max_packet_size 2000',
				'retain_available false',
				'max_qos 1',
				'max_topic_alias 3',
				'max_keepalive 30',
			].join('\n'),
		});
		brokers.push(broker);
		const report = await check(broker.url);
		expect(valuesOf(report)).toMatchObject({
			'maximum-qos': 1,
			retain: false,
			'topic-alias-maximum': 3,
			'maximum-packet-size': 2000,
			'server-keep-alive': 30,
		});
		const byId = new Map(report.findings.map((finding) => [finding.id, finding]));
		expect(byId.get('maximum-qos')?.stated).toBe('QoS 1');
		expect(byId.get('retain')?.stated).toBe('not available');
		expect(byId.get('maximum-packet-size')?.stated).toBe('2,000 bytes');
		// The topic fits in what the packet size leaves.
		const topicLength = byId.get('maximum-topic-length')?.value;
		expect(typeof topicLength === 'number' && topicLength > 1900 && topicLength < 2000).toBe(true);
		expect(report.cleanup.retainedCleared).toEqual([]);
	});

	it('finds an unstated size limit by bounded search (message_size_limit)', async () => {
		const broker = await startBroker({ extraConfig: 'message_size_limit 5000' });
		brokers.push(broker);
		const report = await check(broker.url);
		const size = report.findings.find((finding) => finding.id === 'maximum-packet-size');
		expect(size?.stated).toBe("not stated (no limit but the protocol's)");
		// A 5,000-byte payload plus the PUBLISH header and the test topic: a few dozen bytes more.
		const value = size?.value;
		expect(typeof value === 'number' && value >= 5000 && value < 5100).toBe(true);
		expect(size?.summary).toMatch(/^about 5,0\d\d bytes$/);
		expect(size?.observed).toMatch(/attempts\)/);
		expect(report.cleanup.problems).toEqual([]);
		expect(await retainedBelow(broker.url, report.testTopic)).toEqual([]);
	});

	it('names a broker that is not there, with exit status 1', async () => {
		const run = await runCli(['check', '--url', 'mqtt://127.0.0.1:1']);
		expect(run.status).toBe(1);
		expect(run.stderr).toContain('127.0.0.1:1');
	});
});

describe('topicscope check against a broker without MQTT 5, wildcards or shared subscriptions', () => {
	let broker: ScriptedBroker;
	beforeAll(async () => {
		broker = await startScriptedBroker({
			refuseLevels: [5],
			route: true,
			connackProperties: { wildcardSubscriptionAvailable: 0, sharedSubscriptionAvailable: 0 },
		});
	});
	afterAll(async () => {
		await broker.stop();
	});

	it('probes with 3.1.1 and reports the refusals', async () => {
		const report = await check(broker.url, '--max-size', '4096');
		expect(report.versions.map((v) => [v.name, v.isAccepted])).toEqual([
			['MQTT 5.0', false],
			['MQTT 3.1.1', true],
			['MQTT 3.1', true],
		]);
		expect(report.probedWith).toBe(4);
		expect(valuesOf(report)).toMatchObject({
			// Without wildcards the probes listen on each test topic itself.
			'maximum-qos': 2,
			retain: true,
			'wildcard-subscriptions': false,
			'shared-subscriptions': false,
			'subscription-identifiers': false,
			'topic-alias-maximum': null,
			'maximum-topic-length': 65_535,
		});
		const wildcard = report.findings.find((finding) => finding.id === 'wildcard-subscriptions');
		expect(wildcard?.observed).toContain('/#: failure (reason 128)');
	});
});
