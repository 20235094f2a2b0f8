import { error } from '@sveltejs/kit';
import { localized } from '$lib/definitions/analyse';
import { codesText } from '$lib/export/codebook';
import { parseFilters } from '$lib/filters';
import { translate } from '$lib/i18n/messages';
import { knownMunicipalities, municipalityName } from '$lib/respondents';
import { app } from '$lib/server/app/context';
import * as exporter from '$lib/server/views/export';
import * as rounds from '$lib/server/rounds';
import type { PageServerLoad } from './$types';

// Researchers and admins (access.ts): the form downloads raw rows.

export const load: PageServerLoad = async ({ params, locals, url }) => {
	const { store, surveys } = app();
	const columns = await exporter.columnsFor(store, surveys, params.id);
	if (!columns) error(404, translate(locals.locale, 'error.surveyNotFound', { id: params.id }));
	const locale = locals.locale;
	const current = surveys.get(params.id)?.definition;

	// The dashboard links here with its filters: the form starts from them.
	const parsed = parseFilters(url.searchParams);

	// Read a batch at a time (store/selection.ts): only the count and the places are kept.
	const selection = await store.responses.select({ surveyId: params.id });
	const municipalities = new Map(knownMunicipalities.map((m) => [m.slug, m.name]));
	for await (const r of selection)
		if (r.municipality && !municipalities.has(r.municipality))
			municipalities.set(r.municipality, municipalityName(r.municipality, locale));

	const allVersions = columns[0].versions;
	return {
		surveyId: params.id,
		title: current ? localized(current.title, locale) : params.id,
		stored: selection.count,
		filters: parsed.ok ? parsed.filters : {},
		filterError: parsed.ok ? null : parsed.error,
		rounds: [
			{ id: rounds.DEFAULT_ROUND, name: translate(locale, 'export.defaultRound') },
			...rounds.list(store, params.id).map((r) => ({ id: r.id, name: r.name }))
		],
		versions: allVersions.map((version) => ({
			version,
			current: version === current?.version
		})),
		municipalities: [...municipalities].map(([slug, name]) => ({ slug, name })),
		codebook: columns.map((c) => ({
			name: c.name,
			question: [c.questionText[locale], c.itemText[locale]].filter(Boolean).join(' – '),
			type: c.type,
			codes: codesText(c.codes, locale),
			versions: c.versions.length === allVersions.length ? null : c.versions
		}))
	};
};
