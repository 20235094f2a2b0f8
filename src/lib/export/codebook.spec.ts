import { describe, expect, it } from 'vitest';
import { kitchenSink } from '../../test-data/definitions';
import { codebookHeader, codebookRows, codesText } from './codebook';
import { exportColumns } from './columns';
import { csvFlavours } from './csv';

const texts = (nb: string, en: string) => ({ nb, nn: nb, en });

describe('codesText', () => {
	it.each([
		[[], ''],
		[[{ value: 1, label: texts('1', '1') }], '1'],
		[
			[
				{ value: 'yes', label: texts('Ja', 'Yes') },
				{ value: 'no', label: texts('Nei', 'No') }
			],
			'yes=Ja | no=Nei'
		],
		[[{ value: 'x', label: texts('', '') }], 'x']
	])('%j → %j', (codes, text) => {
		expect(codesText(codes, 'nb')).toBe(text);
	});
});

describe('codebookRows', () => {
	const columns = exportColumns([{ version: '0123456789ab', json: kitchenSink }]);
	const rows = codebookRows(columns, csvFlavours.standard);
	const row = (name: string) =>
		Object.fromEntries(codebookHeader.map((h, i) => [h, rows.find((r) => r[0] === name)![i]]));

	it('has a row for every column, in the export’s order', () => {
		expect(rows.map((r) => r[0])).toEqual(columns.map((c) => c.name));
		expect(rows.every((r) => r.length === codebookHeader.length)).toBe(true);
	});

	it.each([
		[
			'role',
			{
				question: 'role',
				item: '',
				type: 'code',
				codes_nb: 'staff | manager | other=Annet (beskriv)',
				codes_en: 'staff | manager | other=Other (describe)',
				versions: '0123456789ab'
			}
		],
		['agree', { type: 'boolean', codes_nb: '1=Ja | 0=Nei', codes_en: '1=Yes | 0=No' }],
		[
			'channels_web',
			{ item: 'web', type: 'binary', codes_nb: '1=valgt | 0=ikke valgt', item_en: 'web' }
		],
		['top_x', { type: 'rank', codes_en: '1 | 2 | 3 | 4' }],
		['grid_r1_tools_a', { item: 'r1.tools.a', item_nb: 'r1 – tools – a' }],
		[
			'audience',
			{
				question: '',
				question_nb: 'Målgruppe',
				question_en: 'Audience',
				codes_nb:
					'municipal=Kommuneansatt | business=Næringsliv | citizen=Innbygger | voluntary=Frivillig organisasjon'
			}
		],
		['submitted_at', { type: 'datetime', question_en: 'Submitted (ISO 8601, UTC)' }]
	])('%s', (name, expected) => {
		expect(row(name)).toMatchObject(expected);
	});

	it('neutralises formulas in the Excel flavour only', () => {
		const columns = exportColumns([
			{
				version: 'v1',
				json: { elements: [{ type: 'radiogroup', name: 'q', title: '=danger', choices: ['a'] }] }
			}
		]);
		const question = (flavour: keyof typeof csvFlavours) =>
			codebookRows(columns, csvFlavours[flavour]).find((r) => r[0] === 'q')![4];
		expect(question('standard')).toBe('=danger');
		expect(question('excel')).toBe("'=danger");
	});
});
