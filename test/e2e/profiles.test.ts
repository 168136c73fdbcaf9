import { startBroker } from '../helpers/broker';
import { expect, test } from './fixtures';

test('save a profile with a password, find it after a reload, connect with it', async ({
	page,
	app,
}) => {
	const broker = await startBroker({ passwords: { ops: 'pl4nt-secret' } });
	try {
		await page.goto(app.url);
		await page.getByLabel('Name', { exact: true }).fill('Plant floor');
		await page.getByLabel('Folder', { exact: true }).fill('Sites/Lyon');
		await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
		await page.getByLabel('Port', { exact: true }).fill(String(broker.port));
		await page.getByLabel('Username', { exact: true }).fill('ops');
		await page.getByLabel('Password', { exact: true }).fill('pl4nt-secret');
		await page.getByRole('button', { name: 'Save', exact: true }).click();

		const saved = page.locator('[data-profile="Plant floor"]');
		await expect(saved).toBeVisible();
		await expect(page.getByText('Sites/Lyon', { exact: true })).toBeVisible();
		await expect(page.getByTestId('secret-storage')).toContainText('readable only by you');

		await page.reload();
		await expect(saved).toBeVisible();
		await saved
			.getByRole('button', { name: /Plant floor/ })
			.first()
			.click();
		await expect(page.getByLabel('Password', { exact: true })).toHaveValue('');
		await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute(
			'placeholder',
			'saved (type to replace)',
		);

		await page.getByRole('button', { name: 'Connect Plant floor' }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
		await page.screenshot({ path: 'test-results/screenshots/profile-connected.png' });
	} finally {
		await broker.stop();
	}
});

test('import connections from an MQTTX export', async ({ page, app }) => {
	await page.goto(app.url);
	await page.getByText('Import and export').click();
	await page.getByLabel('Import format').selectOption('mqttx');
	await page.getByLabel('Import file').setInputFiles('test/fixtures/profiles/mqttx-export.json');
	await expect(page.getByTestId('profiles-notice')).toContainText(/Imported \d+ profile/);
	await expect(page.getByText('MQTTX', { exact: true }).first()).toBeVisible();
	await page.screenshot({ path: 'test-results/screenshots/profiles.png' });
});

test('a duplicated profile gets its own client id', async ({ page, app }) => {
	await page.goto(app.url);
	await page.getByLabel('Name', { exact: true }).fill('Gateway');
	await page.getByLabel('Client ID').fill('gateway-7');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await page.getByRole('button', { name: 'Duplicate Gateway' }).click();
	const copy = page.locator('[data-profile="Gateway (copy)"]');
	await copy.getByRole('button', { name: /^Gateway \(copy\)/ }).click();
	await expect(page.locator('#form-title')).toHaveText('Edit “Gateway (copy)”');
	await expect(page.getByLabel('Client ID')).toHaveValue(/^topicscope_[0-9a-f]{10}$/);
	await page
		.locator('[data-profile="Gateway"]')
		.getByRole('button', { name: /^Gateway/ })
		.click();
	await expect(page.getByLabel('Client ID')).toHaveValue('gateway-7');
});
