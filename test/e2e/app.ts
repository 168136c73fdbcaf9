/** Steps a person takes in the app, shared by the end-to-end tests. */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';

/** Connects through the form; `fill` sets more fields (by label) before Connect. */
export async function connectWithForm(
	page: Page,
	url: string,
	port: number,
	fill: (page: Page) => Promise<void> = async () => {},
): Promise<void> {
	await page.goto(url);
	await page.getByLabel('Host', { exact: true }).fill('127.0.0.1');
	await page.getByLabel('Port', { exact: true }).fill(String(port));
	await fill(page);
	await page.getByRole('button', { name: 'Connect', exact: true }).click();
	await expect(page.getByTestId('connection-state')).toHaveText('connected');
}

/** Selects a topic in the tree, expanding its parents first. */
export async function selectTopic(page: Page, topic: string): Promise<void> {
	const levels = topic.split('/');
	const tree = page.getByRole('tree', { name: 'Topics' });
	for (let depth = 1; depth < levels.length; depth++) {
		const parent = tree.locator(`[data-topic="${levels.slice(0, depth).join('/')}"]`);
		await expect(parent).toBeVisible();
		if ((await parent.getAttribute('aria-expanded')) !== 'true') {
			await parent.getByRole('button', { name: `Expand ${levels[depth - 1]}` }).click();
		}
	}
	await tree.locator(`[data-topic="${topic}"] .label`).click();
	await expect(page.getByTestId('message-topic')).toHaveText(topic);
}
