'use strict';
// pa11y through its Node API the way pa11y-ci drives it: one chromium for all URLs, CONCURRENCY
// pages at a time, each URL a fresh tab. Runner: ./pa11y-runner-axe-targets.js (pa11y's axe
// runner + axe's own targets), warnings and notices included, so every axe violation and
// incomplete result comes back.
//   node pa11y-batch.js pa11y.json CONCURRENCY < urls.json   → one JSON line per URL on stdout
const fs = require('fs');
const path = require('path');
const pa11y = require('pa11y');
const puppeteer = require('puppeteer');

async function main() {
	const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf-8'));
	const concurrency = Math.max(1, parseInt(process.argv[3] || '2', 10));
	const urls = JSON.parse(fs.readFileSync(0, 'utf-8'));
	const runner = path.join(__dirname, 'pa11y-runner-axe-targets.js');
	const browser = await puppeteer.launch(config.chromeLaunchConfig);
	let next = 0;
	async function worker() {
		while (next < urls.length) {
			const url = urls[next++];
			const t0 = process.hrtime.bigint();
			const page = await browser.newPage();
			const line = {url};
			try {
				const r = await pa11y(url, {browser, page, runners: [runner], includeWarnings: true,
					includeNotices: true, timeout: config.timeout || 60000});
				const rules = await page.evaluate(() => window.__pa11yAxeRules || []);
				line.rules = [...new Set(rules.map(r => r[0]))].sort();
				line.best_practice_rules = [...new Set(rules.filter(r => !r[1]).map(r => r[0]))].sort();
				line.issues = r.issues.map(i => ({code: i.code, type: i.type, selector: i.selector,
					target: i.runnerExtras.target, result: i.runnerExtras.result,
					impact: i.runnerExtras.impact, axe: i.runnerExtras.axeVersion}));
			} catch (error) {
				line.error = String(error && error.message || error).slice(0, 300);
			}
			await page.close().catch(() => {});
			line.seconds = Number(process.hrtime.bigint() - t0) / 1e9;
			process.stdout.write(JSON.stringify(line) + '\n');
		}
	}
	try {
		await Promise.all(Array.from({length: concurrency}, worker));
	} finally {
		await browser.close();
	}
}

main().catch(error => {
	console.error(error);
	process.exit(1);
});
