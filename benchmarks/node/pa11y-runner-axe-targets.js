'use strict';
// pa11y's own axe runner (pa11y 9.0.1, lib/runners/axe.js) with one change: each issue also
// carries axe's node target and whether axe filed it under violations or incomplete, in
// runnerExtras (pa11y's JSON keeps runnerExtras). The stock runner loses both: its `selector`
// is pa11y's own DOM path to the element, and its `type` comes from the impact only, so a
// moderate violation is a "warning" and a serious incomplete is an "error".
// Used by benchmarks/bench_render.py for the axe comparison; the timing uses stock `--runner axe`.

const path = require('path');
const axePath = path.dirname(require.resolve('axe-core'));

const runner = module.exports = {};

runner.supports = '^9.0.0';

runner.scripts = [`${axePath}/axe.min.js`];

runner.run = async options => {
	const tags = ['wcag2a', 'wcag21a', 'wcag2aa', 'wcag21aa', 'best-practice'];
	const axeOptions = {runOnly: {type: 'tags', values: tags}, rules: {}};
	if (options.standard === 'WCAG2A') {
		axeOptions.runOnly.values = ['wcag2a', 'wcag21a', 'best-practice'];
	}
	const result = await window.axe.run(options.rootElement || window.document, axeOptions);
	// the rules axe ran, and whether each is a WCAG A/AA rule (else best-practice only)
	window.__pa11yAxeRules = [].concat(result.violations, result.incomplete, result.passes,
		result.inapplicable).map(r => [r.id, r.tags.some(t => /^wcag2[0-9]?a{1,2}$/.test(t))]);
	const level = impact => ({critical: 'error', serious: 'error', moderate: 'warning',
		minor: 'notice'}[impact] || 'error');
	const toString = target => target.reduce((parts, t) => parts.concat(t), []).join(' ');
	const out = [];
	for (const [kind, list] of [['violation', result.violations], ['incomplete', result.incomplete]]) {
		for (const issue of list) {
			const nodes = issue.nodes.length ? issue.nodes : [null];
			for (const node of nodes) {
				const target = node ? toString(node.target) : '';
				out.push({
					type: level(issue.impact),
					code: issue.id,
					message: `${issue.help} (${issue.helpUrl})`,
					element: target ? window.document.querySelector(target) : null,
					runnerExtras: {
						result: kind,
						target,
						impact: issue.impact,
						axeVersion: window.axe.version
					}
				});
			}
		}
	}
	return out;
};
