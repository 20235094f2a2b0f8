import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';

/**
 * axe-core in the page under test. The app's Content-Security-Policy allows only its own scripts
 * (`script-src 'self'` plus hashes), so a <script> tag would be refused; `page.evaluate` runs
 * through the DevTools protocol, which the CSP does not govern.
 */
const axeSource = readFileSync(
	createRequire(import.meta.url).resolve('axe-core/axe.min.js'),
	'utf8'
);

/** WCAG 2.0 and 2.1, levels A and AA: the level the programme promises (README, Accessibility). */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

interface AxeNode {
	target: unknown[];
	html: string;
	failureSummary?: string;
}
export interface AxeViolation {
	id: string;
	impact: string | null;
	help: string;
	helpUrl: string;
	nodes: AxeNode[];
}

/** Runs axe on the whole page with the WCAG 2.1 A/AA rules; returns the violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
	const loaded = await page.evaluate(() => 'axe' in window);
	if (!loaded) await page.evaluate(axeSource);
	return page.evaluate(async (tags) => {
		const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<unknown> } })
			.axe;
		const results = (await axe.run(document, {
			runOnly: { type: 'tag', values: tags },
			resultTypes: ['violations']
		})) as { violations: AxeViolation[] };
		return results.violations.map((v) => ({
			id: v.id,
			impact: v.impact,
			help: v.help,
			helpUrl: v.helpUrl,
			nodes: v.nodes.map((n) => ({
				target: n.target,
				html: n.html.slice(0, 200),
				failureSummary: n.failureSummary
			}))
		}));
	}, WCAG_TAGS);
}

/** The violations as a person reads them: rule, impact, what to do, and each element. */
export function describeViolations(where: string, violations: AxeViolation[]): string {
	if (violations.length === 0) return '';
	const lines = [`${where}: ${violations.length} axe violation(s)`];
	for (const v of violations) {
		lines.push(`  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})`);
		for (const node of v.nodes.slice(0, 8)) {
			lines.push(`    at ${node.target.join(' ')}`);
			lines.push(`      ${node.html}`);
			if (node.failureSummary)
				lines.push(...node.failureSummary.split('\n').map((l) => `      ${l}`));
		}
		if (v.nodes.length > 8) lines.push(`    … and ${v.nodes.length - 8} more`);
	}
	return lines.join('\n');
}

/**
 * Collects the violations of every page checked, so one run reports them all instead of
 * stopping at the first page.
 */
export class AxeReport {
	private found: string[] = [];
	readonly checked: string[] = [];

	async check(page: Page, where: string): Promise<void> {
		this.checked.push(where);
		const text = describeViolations(where, await axeViolations(page));
		if (text) this.found.push(text);
	}

	/** Everything found, or '' when every page checked was clean. */
	text(): string {
		return this.found.join('\n\n');
	}
}
