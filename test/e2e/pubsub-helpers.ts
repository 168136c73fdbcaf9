/** Steps the publish, subscribe, retained and tools end-to-end tests share. */
import type { Page } from '@playwright/test';
import AxeBuilder from '@axe-core/playwright';
import type { TestBroker } from '../helpers/broker';
import { connectWithForm } from './app';
import { expect } from './fixtures';

/** Connects through the form with the default subscription (#), at the level given. */
export async function connectTo(
	page: Page,
	url: string,
	broker: TestBroker,
	options: { readonly protocol?: 'MQTT 5.0' | 'MQTT 3.1.1' } = {},
): Promise<void> {
	await connectWithForm(page, url, broker.port, async () => {
		if (options.protocol) {
			await page.getByLabel('MQTT version').selectOption({ label: options.protocol });
		}
	});
}

/** The serious and critical accessibility violations inside `selector`. */
export async function seriousViolations(page: Page, selector: string): Promise<string[]> {
	const results = await new AxeBuilder({ page }).include(selector).analyze();
	return results.violations
		.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
		.map((violation) => `${violation.id}: ${violation.help}`);
}

/** The frames of `type` in the connection's Frames tab (then back to Topics). */
export async function framesOfType(page: Page, type: string): Promise<string[]> {
	await page.getByRole('tab', { name: 'Frames' }).click();
	await page.getByLabel('Frame type').selectOption(type);
	const list = page.getByRole('listbox', { name: 'Frames' });
	await expect(list.locator('[data-type]').first()).toBeVisible();
	const rows = await list.locator(`[data-type="${type}"]`).allTextContents();
	await page.getByLabel('Frame type').selectOption('');
	await page.getByRole('tab', { name: 'Topics' }).click();
	return rows;
}
