import AxeBuilder from '@axe-core/playwright';
import { publishRaw } from '../helpers/raw-publish';
import { startScriptedBroker } from '../helpers/scripted-broker';
import { connectWithForm, selectTopic } from './app';
import { expect, test } from './fixtures';

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);

test('MQTT 5 properties are shown with the message, user properties in order', async ({
	page,
	app,
	broker,
}) => {
	test.skip(broker.kind !== 'mosquitto', 'needs an MQTT 5 broker');
	await connectWithForm(page, app.url, broker.port);
	await publishRaw(broker.port, {
		type: 'PUBLISH',
		dup: false,
		qos: 1,
		retain: false,
		topicName: 'plant/oven/reading',
		packetId: 1,
		properties: {
			payloadFormatIndicator: 1,
			messageExpiryInterval: 3600,
			contentType: 'application/json',
			responseTopic: 'plant/oven/reply',
			correlationData: bytes('req-17'),
			userProperties: [
				['a', '1'],
				['b', '2'],
				['a', '3'],
			],
		},
		payload: bytes('{"celsius":182.5}'),
	});
	await selectTopic(page, 'plant/oven/reading');

	const section = page.getByTestId('message-properties');
	const rows = section.getByTestId('user-properties').locator('tbody tr');
	await expect(rows).toHaveCount(3);
	expect(await rows.evaluateAll((trs) => trs.map((tr) => tr.textContent?.trim()))).toEqual([
		'a1',
		'b2',
		'a3',
	]);
	await expect(section.getByTestId('property-content-type')).toHaveText('application/json');
	await expect(section.getByTestId('property-payload-format')).toHaveText('UTF-8 text (1)');
	await expect(section.getByTestId('property-response-topic')).toHaveText('plant/oven/reply');
	// The broker forwards what remained of the hour; a second may have passed on the way.
	await expect(section.getByTestId('property-message-expiry')).toHaveText(/^3,(600|59\d) s$/);
	// The connection's SUBSCRIBE gave its one filter the identifier 1.
	await expect(section.getByTestId('property-subscription-identifiers')).toHaveText('1');
	await expect(section.getByTestId('property-correlation-data')).toHaveText('req-17');
	await section.getByRole('button', { name: 'Correlation data as hex' }).click();
	await expect(section.getByTestId('property-correlation-data')).toHaveText('7265712d3137');
	await expect(page.getByTestId('message-payload')).toContainText('"celsius": 182.5');
	await page.screenshot({ path: 'test-results/screenshots/message-properties.png' });

	const axe = await new AxeBuilder({ page }).include('[data-testid="message-panel"]').analyze();
	const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
	expect(
		serious.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
	).toEqual([]);
});

test('a topic alias and several subscription identifiers are shown too', async ({ page, app }) => {
	// mosquitto sends no topic alias to a client, nor several identifiers on one PUBLISH: a
	// scripted MQTT 5 server does.
	const scripted = await startScriptedBroker();
	try {
		await connectWithForm(page, app.url, scripted.port, async (form) => {
			await form.getByText('MQTT 5 properties', { exact: true }).click();
			await form.getByLabel('Topic alias maximum').fill('10');
		});
		const publish = (topicName: string, payload: string): void =>
			scripted.send({
				type: 'PUBLISH',
				dup: false,
				qos: 0,
				retain: false,
				topicName,
				properties: { topicAlias: 3, subscriptionIdentifier: [7, 42] },
				payload: bytes(payload),
			});
		publish('alias/pump', 'on');
		await selectTopic(page, 'alias/pump');
		await expect(page.getByTestId('message-payload')).toHaveText('on');
		// The next one names its topic by the alias alone.
		publish('', 'off');
		await expect(page.getByTestId('message-payload')).toHaveText('off');
		const section = page.getByTestId('message-properties');
		await expect(section.getByTestId('property-topic-alias')).toHaveText('3');
		await expect(section.getByTestId('property-subscription-identifiers')).toHaveText('7, 42');
	} finally {
		await scripted.stop();
	}
});
