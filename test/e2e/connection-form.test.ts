/** The connection form: new versus editing a saved profile, and unsaved edits never lost silently. */
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './fixtures';

const GENERATED_ID = /^topicscope_[0-9a-f]{10}$/;

async function seriousViolations(page: Page): Promise<string[]> {
	const { violations } = await new AxeBuilder({ page }).analyze();
	return violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => `${violation.id}: ${violation.nodes.map((node) => node.html).join(' | ')}`);
}

async function fillNew(page: Page, name: string, port: number): Promise<void> {
	await page.getByLabel('Name', { exact: true }).fill(name);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(port));
}

test('after Save the form edits that profile; + New connection starts a new, empty one', async ({
	page,
	app,
}) => {
	await page.goto(app.url);
	const title = page.locator('#form-title');
	await expect(title).toHaveText('New connection');
	await expect(page.getByTestId('unsaved-badge')).toHaveCount(0);
	await fillNew(page, 'Plant floor', 1884);
	const plantClientId = await page.getByLabel('Client ID').inputValue();
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.locator('[data-profile="Plant floor"]')).toBeVisible();
	await expect(title).toHaveText('Edit “Plant floor”');
	await expect(page.getByTestId('form-mode')).toContainText('Saved connection');
	expect(await seriousViolations(page)).toEqual([]);

	await page.getByRole('button', { name: 'New connection' }).click();
	await expect(title).toHaveText('New connection');
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
	const freshClientId = await page.getByLabel('Client ID').inputValue();
	expect(freshClientId).toMatch(GENERATED_ID);
	expect(freshClientId).not.toBe(plantClientId);

	await fillNew(page, 'Lab', 1885);
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await expect(page.locator('[data-profile="Lab"]')).toBeVisible();
	// The first profile is untouched: the second Save made a new one.
	await expect(page.locator('[data-profile="Plant floor"]')).toContainText('127.0.0.1:1884');
	await expect(page.locator('[data-profile="Lab"]')).toContainText('127.0.0.1:1885');
	await expect(page.locator('[data-profile]')).toHaveCount(2);
	await page.locator('.page').evaluate((element) => element.scrollTo(0, 0));
	await page.screenshot({ path: 'test-results/screenshots/form-editing.png' });
});

test('switching away from unsaved edits asks: keep editing, discard or save', async ({
	page,
	app,
}) => {
	await page.goto(app.url);
	await fillNew(page, 'Plant floor', 1884);
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await page.getByRole('button', { name: 'New connection' }).click();
	await fillNew(page, 'Lab', 1885);
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	const plant = page.locator('[data-profile="Plant floor"]');
	const lab = page.locator('[data-profile="Lab"]');
	const title = page.locator('#form-title');
	const port = page.getByLabel('Port', { exact: true });
	const dialog = page.getByRole('dialog', { name: 'Unsaved changes' });

	// Opening a saved profile is not an edit.
	await plant.getByRole('button', { name: /^Plant floor/ }).click();
	await expect(title).toHaveText('Edit “Plant floor”');
	await expect(page.getByTestId('unsaved-badge')).toHaveCount(0);
	await port.fill('1999');
	await expect(page.getByTestId('unsaved-badge')).toBeVisible();
	expect(await seriousViolations(page)).toEqual([]);

	await page.getByRole('button', { name: 'New connection' }).click();
	await expect(dialog).toContainText(
		'Your changes to “Plant floor” are not saved. Save before starting a new connection?',
	);
	await page.locator('.page').evaluate((element) => element.scrollTo(0, 0));
	await page.screenshot({ path: 'test-results/screenshots/form-unsaved-question.png' });
	expect(await seriousViolations(page)).toEqual([]);
	await dialog.getByRole('button', { name: 'Keep editing' }).click();
	await expect(dialog).toHaveCount(0);
	await expect(title).toHaveText('Edit “Plant floor”');
	await expect(port).toHaveValue('1999');

	// Escape is "keep editing" too.
	await lab.getByRole('button', { name: /^Lab/ }).click();
	await expect(dialog).toContainText('Save before opening “Lab”?');
	await page.keyboard.press('Escape');
	await expect(dialog).toHaveCount(0);
	await expect(port).toHaveValue('1999');

	await lab.getByRole('button', { name: /^Lab/ }).click();
	await dialog.getByRole('button', { name: 'Discard changes' }).click();
	await expect(title).toHaveText('Edit “Lab”');
	await expect(port).toHaveValue('1885');
	await expect(plant).toContainText('127.0.0.1:1884');

	await port.fill('1777');
	await plant.getByRole('button', { name: /^Plant floor/ }).click();
	await dialog.getByRole('button', { name: 'Save changes' }).click();
	await expect(title).toHaveText('Edit “Plant floor”');
	await expect(port).toHaveValue('1884');
	await expect(lab).toContainText('127.0.0.1:1777');

	// A new draft survives a visit to the codec panel; coming back still asks before dropping it.
	await page.getByRole('button', { name: 'New connection' }).click();
	await expect(title).toHaveText('New connection');
	await page.getByLabel('Name', { exact: true }).fill('Half-typed');
	await page.getByRole('button', { name: 'Codec' }).click();
	await expect(title).toHaveCount(0);
	await page.getByRole('button', { name: 'New connection' }).click();
	await expect(dialog).toContainText('This new connection is not saved.');
	await dialog.getByRole('button', { name: 'Keep editing' }).click();
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Half-typed');
	await page.getByRole('button', { name: 'New connection' }).click();
	await dialog.getByRole('button', { name: 'Discard changes' }).click();
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
	await expect(page.locator('[data-profile]')).toHaveCount(2);
});

test('Save as new keeps the original, carries its saved password and gets a fresh client id', async ({
	page,
	app,
}) => {
	await page.goto(app.url);
	await fillNew(page, 'Plant floor', 1884);
	await page.getByLabel('Client ID').fill('plant-dashboard');
	await page.getByLabel('Password', { exact: true }).fill('pl4nt-secret');
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	const title = page.locator('#form-title');
	await expect(title).toHaveText('Edit “Plant floor”');

	await page.getByRole('button', { name: 'Save as new' }).click();
	await expect(title).toHaveText('Edit “Plant floor (copy)”');
	await expect(page.getByLabel('Client ID')).toHaveValue(GENERATED_ID);
	await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute(
		'placeholder',
		'saved (type to replace)',
	);
	await page
		.locator('[data-profile="Plant floor"]')
		.getByRole('button', { name: /^Plant/ })
		.click();
	await expect(page.getByLabel('Client ID')).toHaveValue('plant-dashboard');

	// Deleting the profile in the form leaves a new, empty form rather than one editing nothing.
	page.once('dialog', (question) => void question.accept());
	await page.getByRole('button', { name: 'Delete Plant floor', exact: true }).click();
	await expect(page.locator('[data-profile]')).toHaveCount(1);
	await expect(title).toHaveText('New connection');
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
});

test('connecting another saved profile from the list keeps the unsaved edits in the form', async ({
	page,
	app,
	broker,
}) => {
	await page.goto(app.url);
	await fillNew(page, 'Broker', broker.port);
	await page.getByRole('button', { name: 'Save', exact: true }).click();
	await page.getByRole('button', { name: 'New connection' }).click();
	await page.getByLabel('Name', { exact: true }).fill('Draft in progress');

	await page.getByRole('button', { name: 'Connect Broker' }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await page.getByRole('button', { name: 'New connection' }).click();
	const dialog = page.getByRole('dialog', { name: 'Unsaved changes' });
	await dialog.getByRole('button', { name: 'Keep editing' }).click();
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('Draft in progress');
});

test('a new connection that connected is in use: + New connection starts afresh without asking', async ({
	page,
	app,
	broker,
}) => {
	await page.goto(app.url);
	await fillNew(page, 'Ad hoc', broker.port);
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
	await page.getByRole('button', { name: 'New connection' }).click();
	await expect(page.locator('#form-title')).toHaveText('New connection');
	await expect(page.getByLabel('Name', { exact: true })).toHaveValue('');
	await expect(page.getByRole('dialog')).toHaveCount(0);
});
