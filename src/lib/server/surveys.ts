import { watch, type FSWatcher } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseDefinition, type Definition, type Problem } from '$lib/definitions/analyse';
import { DefinitionValidator } from '$lib/validation';
import type { DefinitionArchive } from './store/definition-archive';

/** A questionnaire ready to answer: its current definition and the validator for that version. */
export interface LoadedSurvey {
	definition: Definition;
	validator: DefinitionValidator;
}

/**
 * The questionnaires in the surveys folder. Each `*.json` is one; its id is the file name. A file
 * that cannot be loaded is reported (file name and problem) and left out; the others still work.
 * The folder is watched, so a file dropped in or edited is answerable without a restart.
 */
export class SurveyRegistry {
	private current = new Map<string, LoadedSurvey>();
	/** Validators of older versions still being answered (a page opened before an edit). */
	private readonly validators = new Map<string, DefinitionValidator>();
	private watcher: FSWatcher | null = null;
	private reloadTimer: NodeJS.Timeout | null = null;
	problems: Problem[] = [];
	warnings: Problem[] = [];

	constructor(
		readonly folder: string,
		private readonly archive: DefinitionArchive,
		private readonly log: (message: string) => void = console.log,
		/** Told of every version served, so the first time it was seen can be recorded. */
		private readonly onVersion: (id: string, version: string) => Promise<void> = async () => {}
	) {}

	async load(): Promise<void> {
		const next = new Map<string, LoadedSurvey>();
		const problems: Problem[] = [];
		const warnings: Problem[] = [];
		let names: string[];
		try {
			names = (await readdir(this.folder)).filter((n) => n.endsWith('.json')).sort();
		} catch (e) {
			throw new Error(`Cannot read the surveys folder ${this.folder}: ${(e as Error).message}`);
		}
		for (const name of names) {
			const id = name.slice(0, -'.json'.length);
			let raw: unknown;
			try {
				raw = JSON.parse(await readFile(join(this.folder, name), 'utf8'));
			} catch (e) {
				problems.push({ file: name, message: `not valid JSON: ${(e as Error).message}` });
				continue;
			}
			const analysis = analyseDefinition(id, raw);
			problems.push(...analysis.problems);
			warnings.push(...analysis.warnings);
			if (!analysis.definition) continue;
			const { definition } = analysis;
			await this.archive.keep(id, definition.version, definition.json);
			await this.onVersion(id, definition.version);
			next.set(id, {
				definition,
				validator: this.validatorFor(id, definition.version, definition.json)
			});
		}
		this.current = next;
		this.problems = problems;
		this.warnings = warnings;
		for (const p of problems)
			this.log(
				`[surveys] ${p.file}${p.question ? ` (${p.question})` : ''}: ${p.message} — this questionnaire is not served.`
			);
		for (const p of warnings)
			this.log(`[surveys] warning: ${p.file}${p.question ? ` (${p.question})` : ''}: ${p.message}`);
	}

	private validatorFor(
		id: string,
		version: string,
		json: Record<string, unknown>
	): DefinitionValidator {
		const key = `${id}/${version}`;
		let validator = this.validators.get(key);
		if (!validator) {
			validator = new DefinitionValidator(json);
			this.validators.set(key, validator);
		}
		return validator;
	}

	get(id: string): LoadedSurvey | undefined {
		return this.current.get(id);
	}

	list(): LoadedSurvey[] {
		return [...this.current.values()];
	}

	/**
	 * A definition version from the archive (any version ever served), with its validator; the
	 * current version comes from memory.
	 */
	async version(id: string, version: string): Promise<LoadedSurvey | undefined> {
		const current = this.current.get(id);
		if (current?.definition.version === version) return current;
		const json = await this.archive.read(id, version);
		if (!json) return undefined;
		const analysis = analyseDefinition(id, json);
		if (!analysis.definition) return undefined;
		return { definition: analysis.definition, validator: this.validatorFor(id, version, json) };
	}

	watch(): void {
		if (this.watcher) return;
		try {
			this.watcher = watch(this.folder, () => {
				// Editors write a file in several steps; wait for them to settle.
				if (this.reloadTimer) clearTimeout(this.reloadTimer);
				this.reloadTimer = setTimeout(() => {
					this.load().catch((e) => this.log(`[surveys] reload failed: ${(e as Error).message}`));
				}, 300);
			});
			this.watcher.unref();
		} catch (e) {
			this.log(`[surveys] not watching ${this.folder} for changes: ${(e as Error).message}`);
		}
	}

	close(): void {
		this.watcher?.close();
		if (this.reloadTimer) clearTimeout(this.reloadTimer);
	}
}
