import mqtt from 'mqtt';
import { expect, test } from './fixtures';

test('connect with the form, see published topics, read a message', async ({
	page,
	app,
	broker,
}) => {
	// A retained value that exists before we connect arrives with the retain flag set.
	const publisher = await mqtt.connectAsync(broker.url, { clientId: 'e2e-publisher' });
	await publisher.publishAsync('plant/line1/oven/temperature', '182.5', { qos: 1, retain: true });

	await page.goto(app.url);
	await expect(page).toHaveURL(/^(?!.*token=)/);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
	await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');

	await publisher.publishAsync('plant/line1/press/status', '{"state":"running","cycle":4211}', {
		qos: 1,
	});
	await publisher.publishAsync('plant/line2/robot/arm', 'idle', { qos: 0 });
	await publisher.endAsync();

	const tree = page.getByRole('tree', { name: 'Topics' });
	await expect(tree.getByText('plant', { exact: true })).toBeVisible();
	await page.getByRole('button', { name: 'Expand plant' }).click();
	await page.getByRole('button', { name: 'Expand line1' }).click();
	await page.getByRole('button', { name: 'Expand oven' }).click();
	await page.getByRole('button', { name: 'Expand press' }).click();
	await expect(tree.locator('[data-topic="plant/line1/oven/temperature"]')).toContainText(
		'= 182.5',
	);

	await tree.locator('[data-topic="plant/line1/oven/temperature"] .label').click();
	const panel = page.getByTestId('message-panel');
	await expect(panel.getByTestId('message-topic')).toHaveText('plant/line1/oven/temperature');
	await expect(panel.getByTestId('message-payload')).toHaveText('182.5');
	await expect(panel.getByTestId('message-qos')).toHaveText('1');
	await expect(panel.getByTestId('message-retain')).toHaveText('yes');
	await expect(panel.getByTestId('message-size')).toHaveText('5 B');

	await tree.locator('[data-topic="plant/line1/press/status"] .label').click();
	await expect(panel.getByTestId('message-payload')).toContainText('"state": "running"');
	await expect(panel.getByTestId('message-retain')).toHaveText('no');
	await page.screenshot({ path: 'test-results/screenshots/topic-tree.png' });
});

test('a refused connection shows the reason and the app keeps working', async ({ page, app }) => {
	await page.goto(app.url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill('1');
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connect-error')).toContainText(
		'Connection refused on 127.0.0.1:1',
	);

	await page.getByLabel('Client ID').fill('');
	await page.getByLabel('MQTT version').selectOption({ label: 'MQTT 3.1.1' });
	await page.getByLabel('Port', { exact: true }).fill('1883');
	await page.getByLabel('Clean session').uncheck();
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connect-error')).toContainText('[MQTT-3.1.3-7]');
	await page.screenshot({ path: 'test-results/screenshots/connect-error.png' });
});

test('the built-in local broker shows a live building within seconds', async ({ page, app }) => {
	await page.goto(app.url);
	await page.getByRole('button', { name: 'Start built-in local broker' }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await page.getByRole('button', { name: 'Expand maison' }).click();
	await page.getByRole('button', { name: 'Expand salon' }).click();
	const tree = page.getByRole('tree', { name: 'Topics' });
	await expect(tree.locator('[data-topic="maison/salon/temperature"]')).toContainText('=');
	await tree.locator('[data-topic="maison/salon/lumiere"] .label').click();
	// The light's state is retained: its value is there even though it was published before we came.
	await expect(page.getByTestId('message-payload')).toHaveText(/^(on|off)$/);
	await page.screenshot({ path: 'test-results/screenshots/local-broker.png' });
});
