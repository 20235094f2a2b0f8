import { watch, type FSWatcher } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { analyseDefinition, type Definition, type Problem } from '$lib/definitions/analyse';
import { SurveyVersion } from '$lib/definitions/survey-version';
import type { DefinitionValidator } from '$lib/validation';
import { SURVEY_ID, type DefinitionArchive } from '../store/definition-archive';

/** What taking an answer needs of a questionnaire version: its definition and validator. */
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
	private current = new Map<string, SurveyVersion>();
	/**
	 * Every version met, current and archived, by `<id>/<version>`: the one cache of what is
	 * derived from a version (questions, validator, summary plan, scoring model). Older versions
	 * are still answered (a page opened before an edit) and exported.
	 */
	private readonly versions = new Map<string, SurveyVersion>();
	/** Archived definitions as stored, for the export, which reads every version ever served. */
	private readonly archivedJson = new Map<string, Record<string, unknown>>();
	private watcher: FSWatcher | null = null;
	private reloadTimer: NodeJS.Timeout | null = null;
	problems: Problem[] = [];
	warnings: Problem[] = [];

	constructor(
		readonly folder: string,
		private readonly archive: DefinitionArchive,
		private readonly log: (message: string) => void = console.log,
		/** Told of every version served, so the first time it was seen can be recorded. */
		private readonly onVersion: (id: string, version: string) => Promise<void> = async () => {},
		/**
		 * The questionnaires designed in the app, by their published version (store.questionnaires):
		 * served alongside the files. A file of the same id wins (it is the source of truth).
		 */
		private readonly managed: () => { id: string; version: string }[] = () => []
	) {}

	/** The ids of the files in the folder, served or not: these are managed in git. */
	private files = new Set<string>();

	isFile(id: string): boolean {
		return this.files.has(id);
	}

	async load(): Promise<void> {
		const next = new Map<string, SurveyVersion>();
		const problems: Problem[] = [];
		const warnings: Problem[] = [];
		let names: string[];
		try {
			names = (await readdir(this.folder)).filter((n) => n.endsWith('.json')).sort();
		} catch (e) {
			throw new Error(`Cannot read the surveys folder ${this.folder}: ${(e as Error).message}`);
		}
		const files = new Set(names.map((name) => name.slice(0, -'.json'.length)));
		for (const name of names) {
			const id = name.slice(0, -'.json'.length);
			if (!SURVEY_ID.test(id)) {
				problems.push({
					file: name,
					message:
						'the file name is not a questionnaire id: use letters, digits, "-" and "_" (it is in every URL)'
				});
				continue;
			}
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
			const loaded = this.versionFor(definition);
			// Compiled now, so the first answer to a new version does not wait for it.
			void loaded.validator;
			next.set(id, loaded);
		}
		for (const { id, version } of this.managed()) {
			if (files.has(id)) continue;
			const json = await this.archive.read(id, version);
			const analysis = json ? analyseDefinition(id, json) : undefined;
			if (!analysis?.definition) {
				problems.push({
					file: `${id} (${version})`,
					message: 'the published version cannot be read'
				});
				continue;
			}
			next.set(id, this.versionFor(analysis.definition));
		}
		this.files = files;
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

	private versionFor(definition: Definition): SurveyVersion {
		const key = `${definition.id}/${definition.version}`;
		let loaded = this.versions.get(key);
		if (!loaded) {
			loaded = new SurveyVersion(definition);
			this.versions.set(key, loaded);
		}
		return loaded;
	}

	/**
	 * Serves the published versions the store names that this process does not serve yet: those
	 * published on another instance sharing the database (PostgreSQL). Cheap when nothing
	 * changed (a comparison of ids and versions); called after each sync (hooks.server.ts).
	 */
	async followStore(): Promise<void> {
		for (const { id, version } of this.managed()) {
			if (this.files.has(id) || this.current.get(id)?.definition.version === version) continue;
			const json = await this.archive.read(id, version);
			const analysis = json ? analyseDefinition(id, json) : undefined;
			if (analysis?.definition) this.serve(analysis.definition);
		}
	}

	/**
	 * Serves a version published in the designer from now on (already kept in the archive and the
	 * store). A file of the same id is never replaced.
	 */
	serve(definition: Definition): SurveyVersion {
		if (this.files.has(definition.id)) throw new Error(`${definition.id} is a file`);
		const loaded = this.versionFor(definition);
		void loaded.validator;
		this.current.set(definition.id, loaded);
		return loaded;
	}

	get(id: string): SurveyVersion | undefined {
		return this.current.get(id);
	}

	list(): SurveyVersion[] {
		return [...this.current.values()];
	}

	/**
	 * A definition version (any version ever served), with all that is derived from it; the
	 * current version comes from memory, an older one from the archive.
	 */
	async version(id: string, version: string): Promise<SurveyVersion | undefined> {
		if (!SURVEY_ID.test(id) || !/^[a-f0-9]{12}$/.test(version)) return undefined;
		const current = this.current.get(id);
		if (current?.definition.version === version) return current;
		const known = this.versions.get(`${id}/${version}`);
		if (known) return known;
		const json = await this.json(id, version);
		if (!json) return undefined;
		const analysis = analyseDefinition(id, json);
		if (!analysis.definition) return undefined;
		return this.versionFor(analysis.definition);
	}

	/**
	 * A version already in memory (current, or met since the start), without reading the
	 * archive: what a synchronous view can compare (the dashboard's series breaks).
	 */
	loadedVersion(id: string, version: string): SurveyVersion | undefined {
		const current = this.current.get(id);
		if (current?.definition.version === version) return current;
		return this.versions.get(`${id}/${version}`);
	}

	/**
	 * A version's definition as served, even one that would not be served today (the export
	 * reads every version its responses answered). Read from the archive once.
	 */
	async json(id: string, version: string): Promise<Record<string, unknown> | undefined> {
		const current = this.current.get(id);
		if (current?.definition.version === version) return current.definition.json;
		const key = `${id}/${version}`;
		const known = this.versions.get(key)?.definition.json ?? this.archivedJson.get(key);
		if (known) return known;
		const json = await this.archive.read(id, version);
		if (json) this.archivedJson.set(key, json);
		return json;
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
