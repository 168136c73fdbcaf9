/**
 * The broker check in the app: started from the Tools tab (or the Frames tab's capability card),
 * its steps shown as they finish, the card with what the broker does beside what its CONNACK
 * states, and the report exported as JSON.
 */
import { readFile } from 'node:fs/promises';
import mqtt from 'mqtt';
import { expect, test } from './fixtures';
import { connectTo, seriousViolations } from './pubsub-helpers';

test('the broker check card shows what mosquitto does and exports it as JSON', async ({
	page,
	app,
	broker,
}) => {
	test.skip(broker.kind !== 'mosquitto', 'the check is written against mosquitto');
	await connectTo(page, app.url, broker);
	// From the capabilities card: the check starts and the Tools tab opens.
	await page.getByRole('tab', { name: 'Frames' }).click();
	await page.getByRole('button', { name: 'Check what it really does…' }).click();
	await expect(page.getByRole('tab', { name: 'Tools' })).toHaveAttribute('aria-selected', 'true');
	const card = page.getByTestId('broker-check');
	await expect(card.getByTestId('check-findings')).toBeVisible({ timeout: 30_000 });
	await expect(card.getByTestId('check-versions').getByRole('listitem')).toHaveText([
		/MQTT 5\.0\s*accepted/,
		/MQTT 3\.1\.1\s*accepted/,
		/MQTT 3\.1\s*accepted/,
	]);
	await expect(card.getByTestId('check-meta')).toContainText('capabilities probed with MQTT 5.0');
	const row = (id: string) => card.locator(`tr[data-finding="${id}"]`);
	await expect(row('maximum-qos').locator('td').first()).toHaveText('QoS 2');
	await expect(row('retain').locator('td').first()).toHaveText('yes');
	await expect(row('shared-subscriptions').locator('td').first()).toHaveText('yes');
	await expect(row('subscription-identifiers').locator('td').first()).toHaveText('yes');
	// mosquitto's default max_topic_alias, stated in its CONNACK.
	await expect(row('topic-alias-maximum').locator('td').nth(1)).toHaveText('10');
	await expect(row('maximum-topic-length').locator('td').first()).toHaveText(
		"65,535 bytes (the protocol's limit)",
	);
	await expect(card.getByTestId('check-cleanup')).toContainText(
		'Cleared the retained test message on topicscope/check/',
	);
	await page.screenshot({ path: 'test-results/screenshots/broker-check.png', fullPage: true });

	const [download] = await Promise.all([
		page.waitForEvent('download'),
		card.getByRole('button', { name: 'Export JSON' }).click(),
	]);
	expect(download.suggestedFilename()).toMatch(/^broker-check-127\.0\.0\.1_\d+-.*\.json$/);
	const report = JSON.parse(await readFile(await download.path(), 'utf8')) as {
		kind: string;
		target: string;
		probedWith: number;
		testTopic: string;
		findings: { id: string; value: unknown }[];
		cleanup: { retainedCleared: string[] };
	};
	expect(report.kind).toBe('topicscope-broker-check');
	expect(report.target).toBe(`mqtt://127.0.0.1:${broker.port}`);
	expect(report.probedWith).toBe(5);
	expect(Object.fromEntries(report.findings.map((f) => [f.id, f.value]))).toMatchObject({
		'maximum-qos': 2,
		retain: true,
		'wildcard-subscriptions': true,
		'shared-subscriptions': true,
		'subscription-identifiers': true,
		'topic-alias-maximum': 10,
		'maximum-topic-length': 65_535,
	});

	// What the check left: no retained message below its test topic (an independent client).
	const observer = await mqtt.connectAsync(broker.url, { clientId: 'check-e2e-observer' });
	try {
		const retained: string[] = [];
		observer.on('message', (topic, _payload, packet) => {
			if (packet.retain) retained.push(topic);
		});
		await observer.subscribeAsync(`${report.testTopic}/#`, { qos: 1 });
		// Retained messages come right after the SUBACK, before a later message of ours.
		const marker = `${report.testTopic}/marker`;
		const seen = new Promise<void>((resolve) =>
			observer.on('message', (topic) => topic === marker && resolve()),
		);
		await observer.publishAsync(marker, 'after', { qos: 1 });
		await seen;
		expect(retained).toEqual([]);
	} finally {
		await observer.endAsync();
	}
	expect(await seriousViolations(page, '[data-testid="broker-check"]')).toEqual([]);
});

test('the command palette lists the broker check and runs it', async ({ page, app, broker }) => {
	await connectTo(page, app.url, broker);
	await page.keyboard.press('Control+k');
	await page.getByRole('combobox', { name: 'Command' }).fill('Check the broker');
	await expect(page.getByRole('option', { name: /Check the broker…/ })).toBeVisible();
	await page.keyboard.press('Enter');
	await expect(page.getByRole('tab', { name: 'Tools' })).toHaveAttribute('aria-selected', 'true');
	const card = page.getByTestId('broker-check');
	await expect(card.getByTestId('check-meta')).toContainText(`mqtt://127.0.0.1:${broker.port}`, {
		timeout: 30_000,
	});
	await expect(card.getByRole('button', { name: 'Check again' })).toBeEnabled();
	// Disconnected: nothing to check, in the card and in the palette.
	await page.keyboard.press('Control+Shift+D');
	await expect(page.getByTestId('connection-state')).not.toHaveText('connected');
	await expect(card.getByRole('button', { name: 'Check again' })).toBeDisabled();
});
