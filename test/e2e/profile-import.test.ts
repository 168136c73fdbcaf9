/** Importing a file whose profiles are already saved: the question, and each answer's result. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const MQTTX_FILE = 'test/fixtures/profiles/mqttx-export.json';

async function importMqttx(page: Page): Promise<void> {
	await page.getByLabel('Import format').selectOption('mqttx');
	await page.getByLabel('Import file').setInputFiles(MQTTX_FILE);
}

async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`);
}

test('importing the same file twice asks, and skip, replace and keep both do what they say', async ({
	page,
	app,
}) => {
	await page.goto(app.url);
	await page.getByText('Import and export').click();
	const notice = page.getByTestId('profiles-notice');
	const rows = page.locator('[data-profile]');
	const dialog = page.getByRole('dialog', { name: 'Profiles already saved' });

	await importMqttx(page);
	await expect(notice).toContainText('Imported 3 profiles.');
	await expect(rows).toHaveCount(3);

	// A local edit that Replace must undo and Skip must keep.
	const emqx = page.locator('[data-profile="EMQX public (MQTT 5)"]');
	await emqx.getByRole('button', { name: /^EMQX public/ }).click();
	await page.getByLabel('Keep alive (s)').fill('99');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.getByTestId('unsaved-badge')).toHaveCount(0);

	await importMqttx(page);
	await expect(dialog).toBeVisible();
	await expect(page.getByTestId('import-question')).toContainText(
		'All 3 profiles in this file are already saved.',
	);
	await expect(dialog.locator('tbody tr')).toHaveCount(3);
	await expect(dialog.locator('[data-match="Factory TLS"]')).toContainText('same name and address');
	await page.screenshot({ path: 'test-results/screenshots/import-question.png' });
	expect(await seriousViolations(page)).toEqual([]);
	await dialog.getByRole('button', { name: 'Cancel' }).click();
	await expect(notice).toHaveText('Import cancelled: nothing was changed.');
	await expect(rows).toHaveCount(3);

	// One answer per profile.
	await importMqttx(page);
	await dialog.getByLabel('What to do with EMQX public (MQTT 5)').selectOption('replace');
	await dialog.getByLabel('What to do with Factory TLS').selectOption('keep-both');
	await expect(dialog.getByLabel('What to do with ACME over WebSocket')).toHaveValue('skip');
	await dialog.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(dialog).toHaveCount(0);
	await expect(notice).toContainText('Imported 1 profile, replaced 1, skipped 1.');
	await expect(notice).toContainText(
		"Factory TLS: Kept both: the file's profile was added as “Factory TLS (imported)” with a new client id",
	);
	await expect(rows).toHaveCount(4);
	await expect(page.locator('[data-profile="Factory TLS (imported)"]')).toBeVisible();
	// The form showed EMQX without edits: it follows the replaced profile.
	await expect(page.locator('#form-title')).toHaveText('Edit “EMQX public (MQTT 5)”');
	await expect(page.getByLabel('Keep alive (s)')).toHaveValue('30');
	await page.locator('.page').evaluate((element) => element.scrollTo(0, 0));
	await page.screenshot({ path: 'test-results/screenshots/import-report.png' });

	// One answer for all, with an exception; copies are numbered past names already taken.
	await importMqttx(page);
	await dialog
		.getByRole('group', { name: 'Choose for all' })
		.getByRole('button', { name: 'Keep both' })
		.click();
	await expect(dialog.getByLabel('What to do with Factory TLS')).toHaveValue('keep-both');
	await dialog.getByLabel('What to do with ACME over WebSocket').selectOption('skip');
	await dialog.getByRole('button', { name: 'Import', exact: true }).click();
	await expect(notice).toContainText('Imported 2 profiles, skipped 1.');
	await expect(rows).toHaveCount(6);
	await expect(page.locator('[data-profile="Factory TLS (imported 2)"]')).toBeVisible();
	await expect(page.locator('[data-profile="EMQX public (MQTT 5) (imported)"]')).toBeVisible();
	await expect(page.locator('[data-profile="ACME over WebSocket"]')).toHaveCount(1);
});
