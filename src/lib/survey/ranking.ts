import type { Model, Question, QuestionRankingModel } from 'survey-core';
import type { Translate } from '$lib/i18n/messages';

/**
 * SurveyJS's "select to rank" ranking (a list to choose from and a ranked area), told truthfully.
 * Browser only: it works on the rendered questionnaire.
 */

function isSelectToRank(question: Question): question is QuestionRankingModel {
	return question.getType() === 'ranking' && (question as QuestionRankingModel).selectToRankEnabled;
}

const chosenCount = (question: QuestionRankingModel) =>
	Array.isArray(question.value) ? question.value.length : 0;

/**
 * The two texts SurveyJS shows in an empty area, written by the app for every such question.
 * SurveyJS's names say the opposite of where the texts appear: `selectToRankEmptyRankedAreaText`
 * is shown in the list to choose from once it is empty (everything ranked), and
 * `selectToRankEmptyUnrankedAreaText` in the ranked area while nothing is chosen. A questionnaire
 * that set them by their names told people "all categories are chosen" before they had chosen
 * any. These texts describe the state of the widget, and must agree with its limit, so they come
 * from the app's catalogue (like SurveyJS's own button texts), whatever the file says.
 */
export function writeRankingTexts(model: Model, t: Translate): void {
	for (const question of model.getAllQuestions()) {
		if (!isSelectToRank(question)) continue;
		const max = question.maxSelectedChoices;
		question.selectToRankEmptyUnrankedAreaText =
			max > 0 ? t('ranking.emptyRanked', { max }) : t('ranking.emptyRankedNoLimit');
		question.selectToRankEmptyRankedAreaText = t('ranking.allRanked');
	}
}

const limitClass = 'odb-ranking-limit';

/**
 * Says so when a ranking with a limit (`maxSelectedChoices`) is full, and again when the person
 * tries to choose one more. SurveyJS then makes the rest of the list read-only and ignores a
 * click on it without a word. The message is in a live region inside the question, present
 * (empty) from the start so that screen readers announce what is written into it. Returns a
 * function that stops listening.
 */
export function announceRankingLimit(model: Model, host: HTMLElement, t: Translate): () => void {
	const regions = new Map<string, HTMLElement>();
	const limited = (question: Question | null | undefined): question is QuestionRankingModel =>
		!!question && isSelectToRank(question) && question.maxSelectedChoices > 0;
	const full = (question: QuestionRankingModel) =>
		chosenCount(question) >= question.maxSelectedChoices;
	const message = (question: QuestionRankingModel) =>
		t('ranking.limitReached', { max: question.maxSelectedChoices });

	function update(question: QuestionRankingModel) {
		const region = regions.get(question.id);
		if (!region?.isConnected) return;
		region.textContent = full(question) ? message(question) : '';
		region.classList.remove(`${limitClass}--again`);
	}

	model.onAfterRenderQuestion.add((_, { question, htmlElement }) => {
		if (!limited(question)) return;
		// A question is rendered again on every visit to its page: one region each time.
		let region = htmlElement.querySelector<HTMLElement>(`.${limitClass}`);
		if (!region) {
			region = document.createElement('p');
			region.className = limitClass;
			region.setAttribute('role', 'status');
			(htmlElement.querySelector('.sd-question__content') ?? htmlElement).append(region);
		}
		regions.set(question.id, region);
		update(question);
	});
	model.onValueChanged.add((_, { question }) => {
		if (limited(question)) update(question);
	});

	// A click or tap on the list to choose from while the ranking is full: say it again, so a
	// person who did not notice the message learns why nothing happened. On pointerdown, before
	// SurveyJS takes the item (on pointerup): the click that fills the ranking is not an attempt
	// at one more. (The items left over are read-only and out of the tab order, so there is no
	// keyboard attempt to answer.)
	const tried = (event: Event) => {
		const target = event.target instanceof Element ? event.target : null;
		const item = target?.closest('[data-ranking="from-container"] .sv-ranking-item');
		const name = item?.closest('[data-name]')?.getAttribute('data-name');
		const question = name ? model.getQuestionByName(name) : null;
		if (!limited(question) || !full(question)) return;
		const region = regions.get(question.id);
		if (!region) return;
		// Emptied and written again, so screen readers announce the same words a second time.
		region.textContent = '';
		setTimeout(() => {
			region.textContent = message(question);
			region.classList.add(`${limitClass}--again`);
		}, 100);
	};
	host.addEventListener('pointerdown', tried, { capture: true });
	return () => host.removeEventListener('pointerdown', tried, { capture: true });
}
