import { expect, test } from '@playwright/test';

test('an unknown address shows the styled error page with a way home and the chapters', async ({
	page
}) => {
	const res = await page.goto('no-such-chapter/');
	expect(res?.status()).toBe(404);
	await expect(page.getByTestId('error-page')).toContainText('This page does not exist');
	await expect(page.getByRole('banner')).toBeVisible();
	await expect(page.getByTestId('error-page').getByRole('listitem').first()).toBeVisible();
	await page.getByTestId('error-home').click();
	await expect(page.getByRole('heading', { level: 1 })).toContainText(
		'Distributed Learning Playground'
	);
});
