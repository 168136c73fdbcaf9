import mqtt from 'mqtt';
import { startBroker } from '../helpers/broker';
import { connectWithForm } from './app';
import { expect, test } from './fixtures';

test('a saved profile opened twice focuses its open connection instead of a second session', async ({
	page,
	app,
	broker,
}) => {
	await page.goto(app.url);
	await page.getByLabel('Name', { exact: true }).fill('Line 4');
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.locator('input[name="clientId"]').fill('line-4-explorer');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await page.getByRole('button', { name: 'Connect Line 4' }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');

	const tabs = page.getByRole('navigation', { name: 'Connections' });
	await tabs.getByRole('button', { name: /New connection/ }).click();
	await page.getByRole('button', { name: 'Connect Line 4' }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await expect(tabs.getByRole('button', { name: 'Line 4' })).toHaveCount(1);
});

test('a session taken over by another client is named, not fought, and can be taken back', async ({
	page,
	app,
	broker,
}) => {
	await connectWithForm(page, app.url, broker.port, async () => {
		await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
		await page.locator('input[name="clientId"]').fill('gateway-17');
	});

	// Another tool with the same client id that reconnects whenever it is pushed out.
	const other = mqtt.connect(broker.url, {
		clientId: 'gateway-17',
		protocolVersion: 4,
		reconnectPeriod: 100,
	});
	try {
		await expect(page.getByRole('alert')).toContainText(
			'another client connected with the same client id (gateway-17)',
			{ timeout: 30_000 },
		);
		await expect(page.getByTestId('connection-state')).toHaveText('failed');
		await page.screenshot({ path: 'test-results/screenshots/session-taken-over.png' });
		await other.endAsync();
		await page.getByRole('button', { name: 'Reconnect', exact: true }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
	} finally {
		other.end(true);
	}
});

test('MQTT 5 to a broker that speaks only 3.1.1 says so and offers 3.1.1', async ({
	page,
	app,
}) => {
	const aedes = await startBroker({ kind: 'aedes' });
	try {
		await page.goto(app.url);
		await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
		await page.getByLabel('Port', { exact: true }).fill(String(aedes.port));
		await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 5.0' });
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(page.getByTestId('connect-error')).toHaveText(
			'The broker does not speak MQTT 5: it refused the connection as unacceptable protocol version (return code 1). Connect with MQTT 3.1.1.',
		);
		await page.screenshot({ path: 'test-results/screenshots/mqtt5-refused.png' });
		await page.getByRole('button', { name: 'Connect with MQTT 3.1.1' }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
		await expect(page.getByText(/ · MQTT 3\.1\.1 · /)).toBeVisible();
	} finally {
		await aedes.stop();
	}
});
