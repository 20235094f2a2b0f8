import { chromium, type Browser, type BrowserContext } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/**
 * Debian's Chromium, driven by playwright-core. The flags keep it off the network: without
 * them it tries to reach Google's services at every start, which this machine refuses.
 */
export async function launchBrowser(): Promise<Browser> {
	// playwright-core gives every launch a fresh, empty profile of its own.
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-quic',
			'--no-first-run',
			'--disable-background-networking',
			'--disable-component-update',
			'--disable-sync'
		]
	});
}

/**
 * A fresh browser context that records every request to an origin other than the app's, so a
 * test can assert that nothing leaves (fonts, scripts, analytics).
 */
export async function contextFor(
	browser: Browser,
	appUrl: string,
	options: Parameters<Browser['newContext']>[0] = {}
): Promise<{ context: BrowserContext; foreignRequests: string[] }> {
	const context = await browser.newContext({ locale: 'nb-NO', ...options });
	const origin = new URL(appUrl).origin;
	const foreignRequests: string[] = [];
	context.on('request', (request) => {
		const url = request.url();
		if (url.startsWith('data:') || url.startsWith('blob:')) return;
		if (new URL(url).origin !== origin) foreignRequests.push(url);
	});
	return { context, foreignRequests };
}
