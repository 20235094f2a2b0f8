import type { Model } from 'survey-core';

/**
 * Answers in progress, kept in the browser's localStorage as they are given, so a reload, a
 * closed tab or a lost connection resumes where the person was. Nothing is sent to the server
 * until the person completes the questionnaire.
 */
export interface Draft {
	version: string;
	audience: string | null;
	municipality: string | null;
	data: Record<string, unknown>;
	pageNo: number;
	/** Generated once per draft: the server stores a response with this id only once. */
	clientResponseId: string;
	startedAt: string;
}

const key = (surveyId: string) => `odb:draft:${surveyId}`;

export function loadDraft(surveyId: string): Draft | null {
	try {
		const text = localStorage.getItem(key(surveyId));
		if (!text) return null;
		const draft = JSON.parse(text) as Partial<Draft>;
		if (typeof draft.clientResponseId !== 'string' || typeof draft.data !== 'object' || !draft.data)
			return null;
		return draft as Draft;
	} catch {
		// Storage blocked (private mode) or a damaged entry: start afresh.
		return null;
	}
}

export function saveDraft(surveyId: string, draft: Draft): void {
	try {
		localStorage.setItem(key(surveyId), JSON.stringify(draft));
	} catch {
		// Storage full or blocked: answering still works, only resuming does not.
	}
}

export function clearDraft(surveyId: string): void {
	try {
		localStorage.removeItem(key(surveyId));
	} catch {
		// Nothing to clear.
	}
}

export function newDraft(
	version: string,
	audience: string | null,
	municipality: string | null
): Draft {
	return {
		version,
		audience,
		municipality,
		data: {},
		pageNo: 0,
		clientResponseId: crypto.randomUUID(),
		startedAt: new Date().toISOString()
	};
}

/** Drops answers to questions the current version no longer has (a draft from an older one). */
export function keepKnownAnswers(
	model: Model,
	data: Record<string, unknown>
): Record<string, unknown> {
	const known = new Set<string>();
	for (const q of model.getAllQuestions(false, true, true)) {
		known.add(q.getValueName());
		known.add(q.getValueName() + '-Comment');
	}
	return Object.fromEntries(Object.entries(data).filter(([key]) => known.has(key)));
}
