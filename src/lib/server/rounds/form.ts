import * as v from 'valibot';
import { osloLocalToIso } from '$lib/i18n/format';
import { formatIssues } from '$lib/issues';
import { findMunicipality } from '$lib/municipalities';
import { roundInputSchema, type RoundInput } from '.';
import { field } from '../http/forms';

/** The values of a round form as typed, so a refused form can be shown again unchanged. */
export interface RoundFormValues {
	surveyId: string;
	name: string;
	slug: string;
	opensAt: string;
	closesAt: string;
	audiences: string[];
	municipality: string;
}

export function readRoundForm(form: FormData): {
	values: RoundFormValues;
	input?: RoundInput;
	detail?: string;
} {
	const values: RoundFormValues = {
		surveyId: field(form, 'surveyId'),
		name: field(form, 'name'),
		slug: field(form, 'slug'),
		opensAt: field(form, 'opensAt'),
		closesAt: field(form, 'closesAt'),
		audiences: form.getAll('audiences').filter((a): a is string => typeof a === 'string'),
		municipality: field(form, 'municipality')
	};
	const opensAt = values.opensAt ? osloLocalToIso(values.opensAt) : null;
	const closesAt = values.closesAt ? osloLocalToIso(values.closesAt) : null;
	if ((values.opensAt && !opensAt) || (values.closesAt && !closesAt)) {
		return { values, detail: 'opensAt/closesAt: YYYY-MM-DDTHH:MM' };
	}
	const parsed = v.safeParse(roundInputSchema, {
		...values,
		opensAt,
		closesAt,
		// Typed as a number, a name or a slug ("3909", "Larvik", "larvik"); stored as the slug.
		// One not in the register is left as typed, for the schema to refuse.
		municipality: values.municipality
			? (findMunicipality(values.municipality)?.slug ?? values.municipality)
			: null
	});
	if (!parsed.success) {
		return { values, detail: formatIssues(parsed.issues) };
	}
	return { values, input: parsed.output };
}
