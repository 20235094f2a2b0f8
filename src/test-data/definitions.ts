/**
 * A small questionnaire with one question of every kind the validator knows, used by the
 * validation, storage and API tests. Its conditions branch on the `{audience}` variable and on
 * an earlier answer, as the programme's questionnaires do.
 */
export const kitchenSink = {
	title: { default: 'Alt i ett', nb: 'Alt i ett', nn: 'Alt i eitt', en: 'Everything' },
	pages: [
		{
			name: 'first',
			elements: [
				{ type: 'html', name: 'intro', html: 'Hei' },
				{
					type: 'radiogroup',
					name: 'role',
					isRequired: true,
					choices: ['staff', 'manager'],
					showOtherItem: true
				},
				{
					type: 'checkbox',
					name: 'channels',
					choices: ['email', 'phone', 'web'],
					showNoneItem: true,
					maxSelectedChoices: 2
				},
				{ type: 'dropdown', name: 'size', choices: [1, 2, 3] },
				{ type: 'rating', name: 'score', rateMin: 1, rateMax: 5 },
				{ type: 'rating', name: 'nps', rateMin: 0, rateMax: 10 },
				{ type: 'boolean', name: 'agree' },
				{ type: 'text', name: 'years', inputType: 'number', min: 0, max: 60 },
				{ type: 'text', name: 'short', maxLength: 10 },
				{ type: 'comment', name: 'long' },
				{
					type: 'matrix',
					name: 'likert',
					rows: ['a', 'b'],
					columns: [1, 2, 3, 4, 5, 'dont_know']
				},
				{
					type: 'ranking',
					name: 'top',
					choices: ['x', 'y', 'z', 'w'],
					selectToRankEnabled: true,
					maxSelectedChoices: 2
				},
				{ type: 'ranking', name: 'order', choices: ['p', 'q', 'r'] },
				{
					type: 'multipletext',
					name: 'contact',
					items: [{ name: 'team' }, { name: 'count', inputType: 'number' }]
				},
				{
					type: 'matrixdropdown',
					name: 'grid',
					rows: ['r1', 'r2'],
					columns: [
						{ name: 'used', cellType: 'boolean' },
						{ name: 'rating', cellType: 'rating' },
						{ name: 'tools', cellType: 'checkbox', choices: ['a', 'b'] }
					]
				},
				{
					type: 'matrixdynamic',
					name: 'datasets',
					maxRowCount: 3,
					rowCount: 0,
					columns: [
						{ name: 'title', cellType: 'text' },
						{ name: 'format', cellType: 'dropdown', choices: ['csv', 'json'] }
					]
				},
				{
					type: 'paneldynamic',
					name: 'events',
					maxPanelCount: 2,
					templateElements: [
						{ type: 'text', name: 'event_name' },
						{ type: 'rating', name: 'event_score', rateMin: 1, rateMax: 3 }
					]
				}
			]
		},
		{
			name: 'municipal_only',
			visibleIf: "{audience} = 'municipal'",
			elements: [
				{ type: 'radiogroup', name: 'publishes', isRequired: true, choices: ['yes', 'no'] }
			]
		},
		{
			name: 'follow_up',
			elements: [
				{
					type: 'comment',
					name: 'why_not',
					visibleIf: "{publishes} = 'no'",
					isRequired: true,
					maxLength: 200
				},
				{ type: 'text', name: 'email_like', validators: [{ type: 'regex', regex: '^[a-z]+$' }] },
				{ type: 'text', name: 'manager_note', requiredIf: "{role} = 'manager'" }
			]
		}
	]
};

/** Answers to `kitchenSink` that a municipal respondent could give, every question filled. */
export function fullMunicipalAnswers(): Record<string, unknown> {
	return {
		role: 'other',
		'role-Comment': 'Rådgiver, «data» & co; "quoted"',
		channels: ['email', 'web'],
		size: 2,
		score: 4,
		nps: 0,
		agree: false,
		years: 12,
		short: 'æøå',
		long: 'Linje 1\nLinje 2; =SUM(A1)',
		likert: { a: 5, b: 'dont_know' },
		top: ['z', 'x'],
		order: ['r', 'p', 'q'],
		contact: { team: 'Data', count: 3 },
		grid: { r1: { used: true, rating: 3, tools: ['a'] } },
		datasets: [{ title: 'Energi', format: 'csv' }],
		events: [{ event_name: 'Hackathon', event_score: 2 }],
		publishes: 'no',
		why_not: 'Personvern',
		email_like: 'abc'
	};
}
