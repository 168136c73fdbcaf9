import { spawn } from 'node:child_process';
import { once } from 'node:events';
import mqtt from 'mqtt';
import { startMosquittoSub } from '../helpers/mosquitto-sub';
import { expect, test } from './fixtures';
import { selectTopic } from './app';
import { connectTo, framesOfType, seriousViolations } from './pubsub-helpers';

test('MQTT 5 properties set in the panel arrive at an independent subscriber', async ({
	page,
	app,
	broker,
}) => {
	await connectTo(page, app.url, broker);
	const independent = await startMosquittoSub(broker, 'plant/#', '%P|%C|%R|%D|%E|%F|%x|%q|%r', [
		'-q',
		'1',
	]);
	await page.getByRole('button', { name: 'Publish', exact: true }).click();
	const panel = page.getByTestId('publish-panel');
	const topic = panel.getByLabel('Topic', { exact: true });
	const publish = panel.getByRole('button', { name: 'Publish', exact: true });

	// An invalid topic is named and nothing is sent.
	const publishesBefore = await framesOfType(page, 'PUBLISH');
	await topic.fill('plant/+/valve');
	await expect(panel.getByRole('alert').first()).toHaveText(
		"A topic name must not contain the wildcard '+'; wildcards are only for subscriptions.",
	);
	await publish.click();
	expect(await framesOfType(page, 'PUBLISH')).toEqual(publishesBefore);

	await topic.fill('plant/valve/7');
	await panel.getByText('Hex', { exact: true }).click();
	await panel.getByLabel('Payload (Hex)').fill('0x00, 0x12, 0xff');
	await panel.getByLabel('QoS').selectOption({ label: '1 · at least once' });
	await panel.getByText('MQTT 5 properties').click();
	await panel.getByLabel('Payload format').selectOption({ label: '0 · bytes' });
	await panel.getByLabel('Message expiry (s)').fill('120');
	await panel.getByLabel('Content type').fill('application/octet-stream');
	await panel.getByLabel('Response topic', { exact: true }).fill('plant/replies');
	await panel.getByLabel('Correlation data', { exact: true }).fill('job-42');
	for (const [index, [name, value]] of [
		['a', '1'],
		['b', '2'],
		['a', '3'],
	].entries()) {
		await panel.getByRole('button', { name: '+ Add' }).click();
		await panel.getByLabel(`User property ${index + 1} name`).fill(name ?? '');
		await panel.getByLabel(`User property ${index + 1} value`).fill(value ?? '');
	}
	await publish.click();
	await expect(panel.getByTestId('publish-outcome')).toContainText(
		'plant/valve/7: acknowledged: Success (reason 0)',
	);
	await expect.poll(() => independent.messages.length).toBe(1);
	await independent.stop();
	const [received, line] = independent.messages[0] ?? ['', ''];
	const fields = line.split('|');
	expect(received).toBe('plant/valve/7');
	expect(fields[0]).toBe('a:1 b:2 a:3');
	expect(fields.slice(1, 4)).toEqual(['application/octet-stream', 'plant/replies', 'job-42']);
	expect(Number(fields[4])).toBeGreaterThanOrEqual(119);
	expect(fields.slice(5)).toEqual(['0', '0012ff', '1', '0']);
	await page.screenshot({ path: 'test-results/screenshots/publish-panel.png' });
	expect(await seriousViolations(page, '[data-testid="publish-panel"]')).toEqual([]);
});

test('repeat publishing sends exactly the count, and Stop stops it', async ({
	page,
	app,
	broker,
}) => {
	const watcher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-repeat-watch' });
	const received: string[] = [];
	watcher.on('message', (topic, payload) => {
		if (topic === 'repeat/e2e') received.push(payload.toString());
	});
	await watcher.subscribeAsync('repeat/#', { qos: 1 });
	await connectTo(page, app.url, broker);
	await page.getByRole('button', { name: 'Publish', exact: true }).click();
	const panel = page.getByTestId('publish-panel');
	await panel.getByLabel('Topic', { exact: true }).fill('repeat/e2e');
	await panel.getByLabel('Payload (Text)').fill('{{counter}}');
	await panel.getByLabel('QoS').selectOption({ label: '1 · at least once' });
	await panel.getByText('Repeat', { exact: true }).click();
	await panel.getByLabel('Every (ms)').fill('5');
	await panel.getByLabel('Count').fill('30');
	await panel.getByRole('button', { name: 'Start repeating' }).click();
	const status = panel.getByTestId('repeat-status');
	await expect(status).toContainText('Done');
	await expect(status).toContainText('sent 30 of 30');
	await expect(status).toContainText('acknowledged 30');
	await expect(status).toContainText('remaining 0');
	await expect.poll(() => received.length).toBe(30);
	expect(received).toEqual(Array.from({ length: 30 }, (_, i) => String(i + 1)));

	await panel.getByLabel('Every (ms)').fill('50');
	await panel.getByLabel('Count').fill('1000');
	await panel.getByRole('button', { name: 'Start repeating' }).click();
	await expect(status).toContainText('Running');
	await page.screenshot({ path: 'test-results/screenshots/publish-repeat.png' });
	await panel.getByRole('button', { name: 'Stop' }).click();
	await expect(status).toContainText('Stopped');
	const text = (await status.textContent()) ?? '';
	const remaining = Number(/remaining ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, ''));
	const sent = Number(/sent ([\d,]+)/.exec(text)?.[1]?.replace(/,/g, ''));
	expect(remaining).toBeGreaterThan(0);
	expect(sent + remaining).toBe(1000);
	await watcher.endAsync();
});

test('a file sent byte for byte, kept in the library and the history', async ({
	page,
	app,
	broker,
}) => {
	const watcher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-file-watch' });
	const received: Buffer[] = [];
	watcher.on('message', (_topic, payload) => received.push(payload));
	await watcher.subscribeAsync('firmware/#', { qos: 1 });
	await connectTo(page, app.url, broker);
	await page.getByRole('button', { name: 'Publish', exact: true }).click();
	const panel = page.getByTestId('publish-panel');
	await panel.getByLabel('Topic', { exact: true }).fill('firmware/chunk/0');
	await panel.getByText('File', { exact: true }).click();
	const bytes = Buffer.from([0x00, 0xff, 0x0a, 0x0d, 0x80, 0x7f]);
	await panel.getByLabel('Payload file').setInputFiles({
		name: 'chunk-0.bin',
		mimeType: 'application/octet-stream',
		buffer: bytes,
	});
	await expect(panel.getByTestId('payload-file')).toContainText('chunk-0.bin · 6 B');
	await panel.getByRole('button', { name: 'Publish', exact: true }).click();
	await expect(panel.getByTestId('publish-outcome')).toContainText('firmware/chunk/0: sent');
	await expect.poll(() => received.length).toBe(1);
	expect(received[0]).toEqual(bytes);

	await panel.getByText('Saved messages', { exact: true }).click();
	await panel.getByRole('button', { name: 'Save this message…' }).click();
	await panel.getByLabel('Name').fill('Chunk 0');
	await panel.getByLabel('Folder').fill('Firmware');
	await panel.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(panel.getByRole('group', { name: 'Firmware' })).toContainText('Chunk 0');

	await panel.getByLabel('Topic', { exact: true }).fill('something/else');
	await panel.getByRole('button', { name: 'Chunk 0', exact: true }).click();
	await expect(panel.getByLabel('Topic', { exact: true })).toHaveValue('firmware/chunk/0');
	await expect(panel.getByTestId('payload-file')).toContainText('chunk-0.bin · 6 B');

	await panel.getByText('History', { exact: true }).click();
	const history = panel.getByRole('list', { name: 'Publish history' });
	await expect(history).toContainText('firmware/chunk/0');
	await expect(history).toContainText('sent');
	await watcher.endAsync();
});

test('request/response: the reply of an independent responder, matched by correlation data', async ({
	page,
	app,
	broker,
}) => {
	const responder = spawn(
		process.execPath,
		['test/helpers/responder.mjs', broker.url, 'service/status', 'v5'],
		{ stdio: ['ignore', 'pipe', 'inherit'] },
	);
	try {
		await new Promise<void>((resolve) =>
			responder.stdout?.on('data', (chunk: Buffer) => {
				if (chunk.toString().includes('ready')) resolve();
			}),
		);
		await connectTo(page, app.url, broker);
		await page.getByRole('button', { name: 'Publish', exact: true }).click();
		const panel = page.getByTestId('publish-panel');
		await panel.getByLabel('Topic', { exact: true }).fill('service/status');
		await panel.getByLabel('Payload (Text)').fill('ping {{counter}}');
		await panel.getByText('Request / response').click();
		await panel.getByRole('button', { name: 'Send request' }).click();
		const reply = panel.getByTestId('request-reply');
		await expect(reply.getByTestId('reply-payload')).toHaveText('reply to ping 1');
		await expect(reply).toContainText('(matched)');
		await expect(reply).toContainText('responder');
		// The decoy, twice: mosquitto delivers a copy per matching subscription ('#' and the
		// response topic's own).
		await expect(reply).toContainText('2 other messages on the response topic');
		await page.screenshot({ path: 'test-results/screenshots/request-response.png' });
	} finally {
		responder.kill('SIGTERM');
		if (responder.exitCode === null) await once(responder, 'exit');
	}
});

test('Edit and publish from a message keeps its bytes, QoS and properties', async ({
	page,
	app,
	broker,
}) => {
	await connectTo(page, app.url, broker);
	const device = await mqtt.connectAsync(broker.url, {
		clientId: 'e2e-republish-device',
		protocolVersion: 5,
	});
	await device.publishAsync('device/7/config', '{"rate":5}', {
		qos: 1,
		properties: { contentType: 'application/json', userProperties: { fw: '1.2' } },
	});
	await device.endAsync();
	await selectTopic(page, 'device/7/config');
	const message = page.getByTestId('message-panel');
	await expect(message.getByTestId('matched-subscriptions')).toHaveText(
		/Matched\s*subscriptions\s*#/,
	);

	const independent = await startMosquittoSub(broker, 'device/#', '%C|%P|%q|%p', ['-q', '1']);
	await message.getByRole('button', { name: 'Edit and publish' }).click();
	const panel = page.getByTestId('publish-panel');
	await expect(panel.getByLabel('Topic', { exact: true })).toHaveValue('device/7/config');
	await expect(panel.getByRole('radio', { name: 'JSON' })).toBeChecked();
	await expect(panel.getByLabel('QoS')).toHaveValue('1');
	await expect(panel.getByText('MQTT 5 properties (2)')).toBeVisible();
	await panel.getByLabel('Payload (JSON)').fill('{"rate":10}');
	await panel.getByRole('button', { name: 'Publish', exact: true }).click();
	await expect(panel.getByTestId('publish-outcome')).toContainText('acknowledged: Success');
	await expect.poll(() => independent.messages.length).toBe(1);
	await independent.stop();
	expect(independent.messages[0]).toEqual([
		'device/7/config',
		'application/json|fw:1.2|1|{"rate":10}',
	]);
	await page.screenshot({ path: 'test-results/screenshots/edit-and-publish.png' });
});
