import { describe, expect, it } from 'vitest';
import { catalogues, translate } from './messages';

/**
 * The catalogue in all three languages (issue #9): the same keys, no empty text, the same
 * {placeholders}, and Nynorsk and English texts actually translated. A text may equal the
 * Bokmål one only where the words are the same in that language; those are listed here, each
 * with the reason, so a forgotten translation cannot hide among them.
 */
const sameAsBokmal: Record<'nn' | 'en', string[]> = {
	// Bokmål and Nynorsk share these words (Kommune, Logg inn, Passord, Svar, Nivå, Rolle …);
	// each was read and found to be correct Nynorsk as it stands.
	nn: [
		// Invitations: "Invitasjon", "Har svart", "Svar", "Målgruppe", "Tilbake til runden", "Per
		// målgruppe", "Per kommune", "Svarprosent", "Invitert", "{answered} av {sent} inviterte har
		// svart", "Brukt", "{uses} av {max}", "ja" and "nei" are Nynorsk as they stand.
		// The contents list's "({n} av {of})" for a repeated title: "av" is Nynorsk too.
		'dash.hintNth',
		// The within-place table's column "Spørsmål".
		'dash.withinQuestion',
		'export.no',
		'export.yes',
		'invitation.title',
		'invitations.answered',
		'invitations.answers',
		'invitations.audience',
		'invitations.back',
		'invitations.byAudience',
		'invitations.byMunicipality',
		'invitations.rates',
		'invitations.sent',
		'invitations.summary',
		'invitations.uses',
		'invitations.usesOf',
		// Revoking and the rates page: "I alt", "Status", "Aktiv", "Brukt opp", "Trekk tilbake"
		// (the imperative of trekkje) and "Svarprosent: {title}" are Nynorsk as they stand.
		'invitations.total',
		'invitations.state',
		'invitations.stateOpen',
		'invitations.stateUsed',
		'invitations.revoke',
		'rates.title',
		// The analysis bundle: "Analysepakke", "Last ned", "Eksportert", "Svar", "Filer", "alle
		// svar" and "eller i R" are Nynorsk as they stand.
		'bundle.heading',
		'bundle.download',
		'bundle.readme.title',
		'bundle.readme.exportedAt',
		'bundle.readme.responses',
		'bundle.readme.allResponses',
		'bundle.readme.files',
		'bundle.readme.howR',
		// Export, deletion and privacy texts (merged later): read and found correct Nynorsk.
		'responses.title',
		'responses.id',
		'responses.submittedAt',
		'responses.round',
		'responses.municipality',
		'responses.delete',
		'responses.confirmYes',
		'responses.cancel',
		'overview.responsesLink',
		'delete.title',
		'delete.codeLabel',
		'delete.submit',
		'privacy.title',
		'privacy.contact',
		'privacy.deleteLink',
		'survey.privacyLink',
		'thanks.deleteLink',
		'export.comment',
		'export.complete',
		'export.meta.round',
		'export.meta.audience',
		'export.meta.municipality',
		'export.meta.status',
		'export.meta.submittedAt',
		'overview.export',
		'export.title',
		'export.format',
		'export.format.standard',
		'export.layout',
		'export.round',
		'export.audience',
		'export.municipality',
		'export.version',
		'export.to',
		'export.all',
		'export.download',
		'export.codebook',
		'export.column',
		'export.question',
		'export.type',
		'export.allVersions',
		'app.language',
		'app.privacyLink',
		'home.startNamed',
		'survey.municipalityLabel',
		'survey.start',
		'survey.startOver',
		'thanks.title',
		'thanks.receipt',
		'feedback.print',
		'feedback.aboutMunicipality',
		'feedback.aboutRound',
		'feedback.aboutSent',
		'feedback.earlierColumn',
		'feedback.chartCaption',
		'feedback.tableCaption',
		'feedback.area',
		'feedback.score',
		'feedback.level',
		'feedback.target',
		'feedback.levelName',
		'feedback.suggestionsTitle',
		'audience.business',
		'audience.voluntary',
		'error.invalidQuery',
		'validation.invalid',
		'error.signIn',
		'role.admin',
		'account.new',
		'admin.nav',
		'admin.nav.audit',
		'admin.signOut',
		'login.title',
		'login.password',
		'login.submit',
		'overview.responses',
		'overview.links',
		'rounds.new',
		'rounds.editTitle',
		'rounds.audiences',
		'rounds.municipality',
		'rounds.create',
		'rounds.delete',
		'rounds.state',
		'rounds.window',
		'rounds.edit',
		'rounds.responses',
		'rounds.all',
		'tokens.create',
		'tokens.lastUsed',
		'tokens.never',
		'tokens.revoke',
		'tokens.operator',
		'users.role',
		'users.resetPassword',
		'users.changeRole',
		'users.delete',
		'users.you',
		'audit.title',
		'audit.at',
		'audit.none',
		'audit.older',
		'versions.version',
		'versions.responses',
		'versions.first',
		'versions.added',
		'versions.reworded',
		'versions.typeChanged',
		'versions.itemsChanged',
		'versions.rows',
		'common.back',
		'common.cancel',
		'dash.round',
		'dash.audience',
		'dash.municipality',
		'dash.maturityByMunicipality',
		'dash.version',
		'dash.to',
		'dash.all',
		'dash.apply',
		'dash.reset',
		'dash.print',
		'dash.perDay',
		'dash.day',
		'dash.answered',
		'dash.option',
		'dash.mean',
		'dash.median',
		'dash.n',
		'dash.row',
		'dash.meanRank',
		'dash.timesRanked',
		'dash.min',
		'dash.q1',
		'dash.q3',
		'dash.max',
		'dash.texts',
		'dash.showing',
		'dash.next',
		'dash.item',
		'dash.cell',
		'dash.group',
		'dash.pointsChange',
		'dash.meanChange',
		'dash.share45',
		'dash.barrier',
		'dash.category',
		'dash.perAudience',
		'dash.level',
		'dash.evaluationTitle',
		'dash.export',
		// Issue 13's texts for respondents: «For …», «Kopier koden», «Kopiert», «Vil du slette
		// dette svaret?», «Svaret ditt på «…», sendt …» are the same words in Nynorsk.
		'home.forAudiences',
		'thanks.copy',
		'thanks.copied',
		'delete.confirmTitle',
		'delete.which',
		// The designer's words that Nynorsk writes the same («Publiser», «Opp», «Kode», «Skala» …).
		'designer.titleNb',
		'designer.create',
		'designer.title',
		'designer.download',
		'designer.error',
		'designer.metaKind',
		'designer.kind.method-evaluation',
		'designer.kind.method-follow-up',
		'designer.pages',
		'designer.page',
		'designer.addQuestion',
		'designer.up',
		'designer.down',
		'designer.duplicate',
		'designer.remove',
		'designer.editing',
		'designer.kindOf',
		'designer.questionText',
		'designer.html',
		// The scoring form: "Nivå", "Nummer", "Nedre grense", "Område", "Spørsmål", "Rad", "Vekt",
		// "Poeng", "Svar", "Ingen", "Alltid", "Krav", "Kontakt", "Tomt", "Fjern", "Minst" are Nynorsk.
		'designer.metaDefault',
		'designer.privacy.contact',
		'designer.scoring.levelN',
		'designer.scoring.levelNumber',
		'designer.scoring.levelMin',
		'designer.scoring.dimensionN',
		'designer.scoring.removeDimension',
		'designer.scoring.target',
		'designer.scoring.none',
		'designer.scoring.itemN',
		'designer.scoring.itemQuestion',
		'designer.scoring.itemRow',
		'designer.scoring.weight',
		'designer.scoring.pointsFor',
		'designer.scoring.answer',
		'designer.scoring.points',
		'designer.scoring.always',
		'designer.scoring.addItem',
		'designer.scoring.conditionN',
		'designer.scoring.forLevel',
		'designer.scoring.minPoints',
		'designer.jsonChecking',
		// "Id for kopien" is Nynorsk as it stands.
		'designer.copyId',
		'designer.locale.nb',
		'designer.locale.nn',
		'designer.locale.en',
		'designer.list.rows',
		'designer.list.items',
		'designer.itemText',
		'designer.itemCode',
		'designer.itemActions',
		'designer.itemTextOf',
		'designer.itemCodeOf',
		'designer.limits',
		'designer.min',
		'designer.max',
		'designer.rateMax',
		'designer.conditionOperator',
		'designer.conditionValue',
		'designer.var.municipality',
		'designer.op.=',
		'designer.op.<>',
		'designer.jsonApply',
		'designer.publishTitle',
		'designer.publish',
		'designer.published',
		'designer.publishAnyway',
		'designer.closeTitle',
		'designer.previewLocale',
		'designer.type.dropdown',
		'designer.type.rating',
		'designer.type.matrix',
		'designer.type.ranking',
		'designer.type.boolean',
		'designer.type.text',
		'designer.type.comment',
		'designer.type.matrixdropdown',
		'designer.edit',
		'translations.file',
		'translations.key',
		'translations.language',
		'translations.from',
		'translations.to',
		// Round statistics and audit events: the same words in Nynorsk (KI, signifikant, opp, ned,
		// Innlogging, Utlogging, Eksport av svar, Passord tilbakestilt).
		'audit.event.export',
		'audit.event.signIn',
		'audit.event.signOut',
		'audit.event.userPasswordReset',
		'dash.changeTested',
		'dash.ci95',
		'dash.ciShort',
		'dash.down',
		'dash.significant',
		'dash.up'
	],
	// Words English shares (Start, Status, Median, n) and texts of symbols and placeholders only.
	en: [
		// Status and Type are English words too.
		'export.meta.status',
		'export.type',
		'survey.start',
		'role.admin',
		'rounds.state',
		'invitations.state',
		'versions.typeChanged',
		'versions.itemsChanged',
		'dash.median',
		'dash.n',
		'dash.share45',
		// "For {audiences}": the word is English too.
		'home.forAudiences',
		// "{municipality}, {round} (%)": no words at all.
		'feedback.earlierColumn',
		// The languages' own names.
		'designer.locale.nb',
		'designer.locale.nn'
	]
};

const placeholders = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
const nb = catalogues.nb;

describe('catalogues', () => {
	it.each(['nn', 'en'] as const)('%s has exactly the keys of nb', (locale) => {
		expect(Object.keys(catalogues[locale]).sort()).toEqual(Object.keys(nb).sort());
	});

	it.each(['nb', 'nn', 'en'] as const)('%s has no empty text', (locale) => {
		const empty = Object.entries(catalogues[locale])
			.filter(([, text]) => text.trim() === '')
			.map(([key]) => key);
		expect(empty).toEqual([]);
	});

	it.each(['nn', 'en'] as const)('%s has the same {placeholders} as nb in every text', (locale) => {
		const differing = Object.entries(nb)
			.filter(([key, text]) => {
				const other = (catalogues[locale] as Record<string, string>)[key] ?? '';
				return placeholders(other).join() !== placeholders(text).join();
			})
			.map(([key]) => key);
		expect(differing).toEqual([]);
	});

	it.each(['nn', 'en'] as const)('%s copies no nb text except those allowed', (locale) => {
		const copied = Object.entries(nb)
			.filter(([key, text]) => (catalogues[locale] as Record<string, string>)[key] === text)
			.map(([key]) => key)
			.sort();
		expect(copied).toEqual([...sameAsBokmal[locale]].sort());
	});
});

describe('translate', () => {
	it('fills placeholders in the chosen language', () => {
		expect(translate('en', 'survey.retrying', { seconds: 4 })).toContain('4');
		expect(translate('nb', 'survey.retrying', { seconds: 4 })).not.toBe(
			translate('en', 'survey.retrying', { seconds: 4 })
		);
	});
});
