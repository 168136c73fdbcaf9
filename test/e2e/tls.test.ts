import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBroker } from '../helpers/broker';
import { expect, test } from './fixtures';

test('TLS through the form: a CA loaded from a file, an unknown CA explained, verification off warned', async ({
	page,
	app,
}) => {
	const broker = await startBroker({ tls: {} });
	try {
		const dir = await mkdtemp(join(tmpdir(), 'topicscope-e2e-tls-'));
		const caFile = join(dir, 'ca.pem');
		const otherCaFile = join(dir, 'other-ca.pem');
		await writeFile(caFile, broker.certs?.caPem ?? '');
		await writeFile(otherCaFile, broker.certs?.otherCaPem ?? '');

		await page.goto(app.url);
		await page.getByLabel('Transport').selectOption('mqtts');
		await page.getByLabel('Host', { exact: true }).fill('localhost');
		await page.getByLabel('Port', { exact: true }).fill(String(broker.tlsPort));
		await page.getByLabel('Trust').selectOption('custom');

		await page.getByLabel('Load CA certificates (PEM)').setInputFiles(otherCaFile);
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(page.getByTestId('connect-error')).toContainText('Unknown CA');

		await page.getByLabel('Load CA certificates (PEM)').setInputFiles(caFile);
		await expect(page.locator('textarea[name="caPem"]')).toHaveValue(/BEGIN CERTIFICATE/);
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
		await expect(page.getByTestId('tls-warning')).toHaveCount(0);

		// A new connection starts from a fresh form.
		await page.getByRole('button', { name: 'New connection' }).click();
		await page.getByLabel('Transport').selectOption('mqtts');
		await page.getByLabel('Host', { exact: true }).fill('localhost');
		await page.getByLabel('Port', { exact: true }).fill(String(broker.tlsPort));
		await page.getByLabel('Trust').selectOption('custom');
		await page.getByLabel('Load CA certificates (PEM)').setInputFiles(otherCaFile);
		await page.getByLabel('Verify the server certificate').uncheck();
		await expect(page.getByRole('alert').filter({ hasText: 'Verification is off' })).toBeVisible();
		await page.getByLabel('Client ID').fill('tls-unverified');
		await page.getByRole('button', { name: 'Connect', exact: true }).click();
		await expect(page.getByTestId('connection-state')).toHaveText('connected');
		await expect(page.getByTestId('tls-warning')).toContainText('not verified');
		await page.screenshot({ path: 'test-results/screenshots/tls-unverified.png' });
	} finally {
		await broker.stop();
	}
});
